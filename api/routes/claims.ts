import { Router } from 'express';
import { TallyError } from '../../ledger/errors.js';
import { verifyClaims } from '../../ledger/custody/queries/index.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import { claimsRequestSchema } from '../../schemas/state.js';
import { requireCaller } from '../auth/request-signature.js';
import { assertMaySeeBatch } from '../caller-access.js';
import { parseInput } from '../parse.js';

/** `POST /v1/claims/verify`: checks recycled-content and origin claims against a batch. */
export function claimRoutes(ledger: Ledger): Router {
  const router = Router();
  router.post('/claims/verify', async (req, res) => {
    const caller = await requireCaller(res);
    const request = parseInput(claimsRequestSchema, req.body);
    await assertMaySeeBatch(ledger.state, caller, request.batch);
    const result = await verifyClaims(ledger.state, request);
    if (result === undefined) throw new TallyError('not_found', `no batch ${request.batch}`);
    res.json(result);
  });
  return router;
}
