import { Router, type Request } from 'express';
import { numbersAsText } from '../../schemas/decimal.js';
import { TallyError } from '../../ledger/errors.js';
import { verifyClaims } from '../../ledger/custody/queries/index.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import { claimsRequestSchema } from '../../schemas/state.js';
import { requireCaller } from '../auth/request-signature.js';
import { assertMaySeeBatch } from '../caller-access.js';
import { parseInput } from '../parse.js';

/**
 * The request body with every number kept as the text the client wrote (issue 9, item 12), so a
 * claimed share is compared with exactly that decimal and not the double nearest to it.
 * express.json has already checked the text is JSON.
 */
function exactBody(req: Request): unknown {
  const raw = (req as Request & { rawBody?: Buffer }).rawBody;
  return raw === undefined || raw.length === 0 ? req.body : JSON.parse(numbersAsText(raw.toString('utf8')));
}

/** `POST /v1/claims/verify`: checks recycled-content and origin claims against a batch. */
export function claimRoutes(ledger: Ledger): Router {
  const router = Router();
  router.post('/claims/verify', async (req, res) => {
    const caller = await requireCaller(res);
    const request = parseInput(claimsRequestSchema, exactBody(req));
    await assertMaySeeBatch(ledger.state, caller, request.batch);
    const result = await verifyClaims(ledger.state, request);
    if (result === undefined) throw new TallyError('not_found', `no batch ${request.batch}`);
    res.json(result);
  });
  return router;
}
