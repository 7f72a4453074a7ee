import { Router } from 'express';
import { TallyError } from '../../ledger/errors.js';
import { concentrationReport, dependencyReport, retentionReport } from '../../ledger/custody/queries/index.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import { concentrationQuerySchema, dependencyQuerySchema, retentionQuerySchema } from '../../schemas/state.js';
import { requireCaller } from '../auth/request-signature.js';
import { seesEverything } from '../caller-access.js';
import { parseInput } from '../parse.js';

/** Retention and dependency (public aggregates) and concentration (the participant itself and auditors). */
export function reportRoutes(ledger: Ledger): Router {
  const router = Router();

  router.get('/reports/retention', async (req, res) => {
    res.json(await retentionReport(ledger.state, parseInput(retentionQuerySchema, req.query)));
  });

  router.get('/reports/dependency', async (req, res) => {
    res.json(await dependencyReport(ledger.state, parseInput(dependencyQuerySchema, req.query)));
  });

  router.get('/reports/concentration', async (req, res) => {
    const caller = await requireCaller(res);
    const query = parseInput(concentrationQuerySchema, req.query);
    if (caller.participant !== query.participant && !seesEverything(caller)) {
      throw new TallyError('not_found', `the concentration report of ${query.participant} is for that participant and auditors`);
    }
    const report = await concentrationReport(ledger.state, query);
    if (report === undefined) throw new TallyError('not_found', `no participant ${query.participant}`);
    res.json(report);
  });

  return router;
}
