import { Router } from 'express';
import { TallyError } from '../../ledger/errors.js';
import { getBatchView, getLineage, getProvenance } from '../../ledger/custody/queries/index.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import { lineageQuerySchema, pinnedSizeQuerySchema } from '../../schemas/api.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import { bundleFor } from '../passport-source.js';
import { requireCaller } from '../auth/request-signature.js';
import { assertMaySeeBatch, seesEverything } from '../caller-access.js';
import { parseInput } from '../parse.js';

/** Batch state, provenance, lineage and audit bundles, for parties that may see the batch (SPEC 6). */
export function batchRoutes(ledger: Ledger, verify: VerifyFn): Router {
  const router = Router();

  router.get('/batches/:id', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    res.json(found(await getBatchView(ledger.state, req.params.id), req.params.id));
  });

  router.get('/batches/:id/provenance', async (req, res) => {
    await assertMaySeeBatch(ledger.state, await requireCaller(res), req.params.id);
    res.json(found(await getProvenance(ledger.state, req.params.id), req.params.id));
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
    res.json(await bundleFor(ledger, req.params.id, size, verify));
  });

  return router;
}

function found<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new TallyError('not_found', `no batch ${id}`);
  return value;
}
