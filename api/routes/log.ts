import { Router } from 'express';
import type { Ledger } from '../../ledger/store/ledger.js';
import { consistencyQuerySchema, inclusionQuerySchema } from '../../schemas/api.js';
import { parseInput } from '../parse.js';

/** The checkpoint changes with every commit: caches may keep it a few seconds at most (C2SP tlog-tiles). */
export const CHECKPOINT_CACHE_CONTROL = 'public, max-age=2';

/** The public, unauthenticated view of the log: its head, checkpoint and proofs. */
export function logRoutes(ledger: Ledger, checkpoint: () => string = () => ledger.checkpoint): Router {
  const router = Router();

  router.get('/log', (_req, res) => {
    res.json(ledger.logInfo());
  });

  router.get('/checkpoint', (_req, res) => {
    res.setHeader('Cache-Control', CHECKPOINT_CACHE_CONTROL);
    res.type('text/plain; charset=utf-8').send(checkpoint());
  });

  router.get('/proofs/inclusion', async (req, res) => {
    const { seq, size } = parseInput(inclusionQuerySchema, req.query);
    res.json(await ledger.inclusionProof(seq, size));
  });

  router.get('/proofs/consistency', async (req, res) => {
    const { from, to } = parseInput(consistencyQuerySchema, req.query);
    res.json(await ledger.consistencyProof(from, to));
  });

  return router;
}
