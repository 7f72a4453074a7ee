import { Router } from 'express';
import type { Ledger } from '../../ledger/store/ledger.js';
import { TallyError } from '../../ledger/errors.js';

/** Deeper JSON than any event needs is refused before any further work (and before recursion). */
const MAX_JSON_DEPTH = 32;

/** `POST /v1/events`: anyone may submit; the event's signature is the authentication. */
export function eventRoutes(ledger: Ledger): Router {
  const router = Router();
  router.post('/events', async (req, res) => {
    assertShallow(req.body);
    const { seq, hash, created } = await ledger.submit(req.body);
    res.status(created ? 201 : 200).json({ seq, hash });
  });
  return router;
}

/** @throws TallyError `invalid_event` when the value nests deeper than MAX_JSON_DEPTH. */
export function assertShallow(value: unknown): void {
  // Iterative, so a hostile nesting depth cannot overflow the stack.
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) throw new TallyError('invalid_event', `JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
}
