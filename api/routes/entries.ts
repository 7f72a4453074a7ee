import { Router } from 'express';
import { TallyError } from '../../ledger/errors.js';
import { canSeeEntry } from '../../ledger/custody/queries/index.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import { entriesQuerySchema, entrySeqParamsSchema } from '../../schemas/api.js';
import { requireCaller } from '../auth/request-signature.js';
import { assertSeesEverything } from '../caller-access.js';
import { parseInput } from '../parse.js';

/**
 * Entries exactly as the log holds them (their JCS is the leaf): a page for replay by auditors
 * and the registrar, or one entry for any party that may see it.
 */
export function entryRoutes(ledger: Ledger): Router {
  const router = Router();

  router.get('/entries', async (req, res) => {
    const caller = await requireCaller(res);
    assertSeesEverything(caller, 'replaying the log');
    const { from, limit } = parseInput(entriesQuerySchema, req.query);
    res.type('application/json').send(await ledger.entriesPageJson(from, limit));
  });

  router.get('/entries/:seq', async (req, res) => {
    const caller = await requireCaller(res);
    const { seq } = parseInput(entrySeqParamsSchema, req.params);
    const text = await ledger.entryText(seq);
    if (text === undefined || !(await canSeeEntry(ledger.state, caller.participant, seq))) {
      throw new TallyError('not_found', `no entry ${seq} visible to ${caller.participant}`);
    }
    res.type('application/json').send(text);
  });

  return router;
}
