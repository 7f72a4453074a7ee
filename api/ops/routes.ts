import { Router } from 'express';
import type { Ledger } from '../../ledger/store/ledger.js';
import type { ServerMetrics } from './metrics.js';

/**
 * Operations endpoints, outside /v1 and outside the protocol: liveness, readiness, metrics.
 * `/readyz` is ready only while the ledger serves: the server listens only after the store passed
 * its start-up check against the last signed checkpoint; it is not ready while the store is
 * reopened after a failed write, for good once a check found the store wrong (then every /v1
 * request answers 503), and from the moment shutdown begins, so a load balancer drains it first.
 */
export function opsRoutes(ledger: Ledger, metrics: ServerMetrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    const health = ledger.health();
    if (health.ready) res.json({ status: 'ready', ...health, size: ledger.size, rootHash: ledger.rootHash });
    else res.status(503).json({ status: health.state === 'closed' ? 'closing' : health.state, ...health });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
