import { Router, type Response } from 'express';
import { TallyError } from '../../ledger/errors.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import { getProvenance } from '../../ledger/custody/queries/index.js';
import { nodeHashes } from '../../ledger/crypto/node-hashes.js';
import { epcisDocumentOf } from '../../ledger/interop/epcis/document.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import type { Entry } from '../../schemas/entry.js';
import type { TallyEvent } from '../../schemas/events.js';
import { pinnedSizeQuerySchema } from '../../schemas/api.js';
import { requireCaller } from '../auth/request-signature.js';
import { assertMaySeeBatch } from '../caller-access.js';
import { parseInput } from '../parse.js';
import { passportSourceOf } from '../passport-source.js';
import type { HeavyReadGate } from '../heavy-reads.js';

/**
 * The batch in the supply chain's own formats (SPEC 6.2, 6.3): its lineage as an EPCIS 2.0
 * document, the UNTP passport and traceability events, and the bundle pinned at a tree size.
 * Same access rules as the batch: 401 unsigned, 404 to a party that may not see it. Each reads
 * the whole lineage, so each passes through `heavyReads`.
 */
export function exchangeRoutes(ledger: Ledger, verify: VerifyFn, heavyReads: HeavyReadGate): Router {
  const router = Router();

  router.get('/batches/:id/epcis', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    const document = await heavyReads.run(async () => {
      const provenance = await getProvenance(ledger.state, req.params.id);
      if (provenance === undefined) throw new TallyError('not_found', `no batch ${req.params.id}`);
      // One batched read of the lineage's entries, not one read each (ten thousand for a remelter's ingot).
      const entries = (await ledger.entriesAt(provenance.lineage)).map((entry, i) => {
        if (entry === undefined) throw new TallyError('store_corrupt', `entry ${provenance.lineage[i]} is indexed but not in the log`);
        return entry as Entry<TallyEvent>;
      });
      return JSON.stringify(epcisDocumentOf(ledger.info.origin, entries, nodeHashes));
    });
    res.type('application/ld+json').send(document);
  });

  router.get('/batches/:id/passport', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    const { size } = parseInput(pinnedSizeQuerySchema, req.query);
    const source = await heavyReads.run(() => passportSourceOf(ledger, req.params.id, size, verify));
    sendJson(res, 'application/vc', source.passport);
  });

  router.get('/batches/:id/dte', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    const { size } = parseInput(pinnedSizeQuerySchema, req.query);
    const source = await heavyReads.run(() => passportSourceOf(ledger, req.params.id, size, verify));
    res.type('application/vc').send(source.dteText);
  });

  return router;
}

function sendJson(res: Response, mediaType: string, body: unknown): void {
  res.type(mediaType).send(JSON.stringify(body));
}
