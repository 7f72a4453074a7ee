import { Router } from 'express';
import { TallyError } from '../../ledger/errors.js';
import { batteryRecycledContent, getBatchView, getLineage, getProvenance, listHoldings } from '../../ledger/custody/queries/index.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import { lineageQuerySchema, pinnedSizeQuerySchema } from '../../schemas/api.js';
import { holdingsQuerySchema } from '../../schemas/state.js';
import { bundleJsonFor } from '../passport-source.js';
import type { HeavyReadGate } from '../heavy-reads.js';
import type { PinnedBundleCache } from '../pinned-bundles.js';
import { requireCaller } from '../auth/request-signature.js';
import { assertMaySeeBatch, seesEverything } from '../caller-access.js';
import { parseInput } from '../parse.js';

/**
 * A holder's batches (for it, auditors and the registrar); batch state, provenance, lineage and
 * audit bundles, for parties that may see the batch (SPEC 6). `checkpoint` gives the served
 * checkpoint with its cosignatures, when the log is witnessed; bundles pass through `heavyReads`,
 * and those pinned to a size are kept in `pinned` once made.
 */
export function batchRoutes(ledger: Ledger, verify: VerifyFn, heavyReads: HeavyReadGate, pinned: PinnedBundleCache, checkpoint?: () => string): Router {
  const router = Router();

  router.get('/batches', async (req, res) => {
    const caller = await requireCaller(res);
    const query = parseInput(holdingsQuerySchema, req.query);
    if (caller.participant !== query.holder && !seesEverything(caller)) {
      throw new TallyError('not_found', `the batches of ${query.holder} are listed for that participant, auditors and the registrar`);
    }
    if ((await ledger.state.get(stateKeys.participant(query.holder))) === undefined) throw new TallyError('not_found', `no participant ${query.holder}`);
    res.json(await listHoldings(ledger.state, query));
  });

  router.get('/batches/:id', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    res.json(found(await getBatchView(ledger.state, req.params.id), req.params.id));
  });

  router.get('/batches/:id/provenance', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    res.json(found(await getProvenance(ledger.state, req.params.id), req.params.id));
  });

  router.get('/batches/:id/battery-recycled-content', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    res.json(found(await batteryRecycledContent(ledger.state, req.params.id), req.params.id));
  });

  router.get('/batches/:id/lineage', async (req, res) => {
    const caller = await requireCaller(res);
    const { direction } = parseInput(lineageQuerySchema, req.query);
    await assertMaySeeBatch(ledger.state, caller, req.params.id);
    // Downstream of a visible batch may hold batches the caller may not see: those are left out.
    const options = seesEverything(caller) ? {} : { visibleTo: caller.participant };
    res.json(found(await getLineage(ledger.state, req.params.id, direction, options), req.params.id));
  });

  router.get('/batches/:id/bundle', async (req, res) => {
    const caller = await requireCaller(res);
    const { size } = parseInput(pinnedSizeQuerySchema, req.query);
    await assertMaySeeBatch(ledger.state, caller, req.params.id);
    // Bytes, so Express sends them as they are rather than encoding a 15 MB string again.
    const make = () => heavyReads.run(() => bundleJsonFor(ledger, req.params.id, size, verify, checkpoint));
    const bytes = size === undefined ? await make() : await pinned.get(req.params.id, size, make);
    res.set('content-type', 'application/json; charset=utf-8').send(bytes);
  });

  return router;
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new TallyError('not_found', `no batch ${id}`);
  return value;
}
