import { Router } from 'express';
import type { Ledger } from '../../ledger/store/ledger.js';
import type { ServerMetrics } from './metrics.js';

/**
 * Operations endpoints, outside /v1 and outside the protocol: liveness, readiness, metrics.
 * `/readyz` is ready only while the ledger is open: the server listens only after the store
 * was opened and its tree recomputed and matched against the last signed checkpoint, and it
 * stops being ready as soon as shutdown begins, so a load balancer drains it first.
 */
export function opsRoutes(ledger: Ledger, metrics: ServerMetrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    if (ledger.isOpen) res.json({ status: 'ready', size: ledger.size, rootHash: ledger.rootHash });
    else res.status(503).json({ status: 'closing' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
