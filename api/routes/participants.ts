import { Router } from 'express';
import { TallyError } from '../../ledger/errors.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import type { Ledger } from '../../ledger/store/ledger.js';

/** The public participant directory: ids, names, roles, countries, sites and keys. */
export function participantRoutes(ledger: Ledger): Router {
  const router = Router();

  router.get('/participants', async (_req, res) => {
    const participants: unknown[] = [];
    for await (const [, participant] of ledger.state.scan(stateKeys.participant(''))) participants.push(participant);
    res.json({ participants });
  });

  router.get('/participants/:id', async (req, res) => {
    const participant = await ledger.state.get(stateKeys.participant(req.params.id));
    if (participant === undefined) throw new TallyError('not_found', `no participant ${req.params.id}`);
    res.json(participant);
  });

  return router;
}
