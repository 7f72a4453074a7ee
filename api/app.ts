import express, { type NextFunction, type Request, type Response } from 'express';
import type { Ledger } from '../ledger/store/ledger.js';
import type { VerifyFn } from '../ledger/crypto/signature.js';
import { isTallyError } from '../ledger/errors.js';
import { problem, problemFromError, sendProblem } from './problem.js';
import { requestLog, type LogSink } from './request-log.js';
import { requestSignatures, type KeyLookup } from './auth/request-signature.js';
import { logRoutes } from './routes/log.js';
import { entryRoutes } from './routes/entries.js';
import { participantRoutes } from './routes/participants.js';
import { batchRoutes } from './routes/batches.js';
import { exchangeRoutes } from './routes/exchange.js';
import { claimRoutes } from './routes/claims.js';
import { reportRoutes } from './routes/reports.js';
import { docsRoutes } from './routes/docs.js';
import { explorerRoutes } from './routes/explorer.js';
import { tileRoutes } from './routes/tiles.js';
import { knownRoute } from './route-table.js';
import { opsRoutes } from './ops/routes.js';
import type { ServerMetrics } from './ops/metrics.js';
import { HeavyReadGate } from './heavy-reads.js';
import { PinnedBundleCache } from './pinned-bundles.js';

export interface AppOptions {
  ledger: Ledger;
  /** Synchronous signature check for request signatures (node:crypto on the server). */
  verify: VerifyFn;
  keyLookup: KeyLookup;
  log: LogSink;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  metrics: ServerMetrics;
  /** The checkpoint to serve: the newest with its cosignatures when witnesses are configured. */
  checkpoint?: () => string;
  /** Bounds bundles, passports, DTEs and EPCIS documents (heavy-reads.ts); the defaults when absent. */
  heavyReads?: HeavyReadGate;
  /** Keeps bundles pinned to a size once served (pinned-bundles.ts); the default budget when absent. */
  pinnedBundles?: PinnedBundleCache;
}

/**
 * The Express application: thin handlers over the ledger, problems for every failure.
 * `POST /v1/events` is served in front of it by ingest.ts (see there why).
 */
export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(requestLog(options.log));

  app.use('/v1', (_req, res, next) => {
    const health = options.ledger.health();
    if (health.ready) return next();
    sendProblem(res, problem('unavailable', health.reason));
  });

  app.use('/v1', (req, _res, next) => {
    if (req.method === 'POST' && !req.is(['application/json', 'application/*+json'])) {
      throw Object.assign(new Error('unsupported media type'), { problemCode: 'unsupported_media_type' });
    }
    next();
  });
  app.use(
    express.json({
      limit: options.bodyLimitBytes,
      strict: false,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buf) => {
        (req as unknown as { rawBody: Buffer }).rawBody = buf;
      },
    }),
  );
  app.use('/v1', requestSignatures(options.keyLookup, options.verify));

  const checkpoint = options.checkpoint ?? (() => options.ledger.checkpoint);
  app.use('/tlog', tileRoutes(options.ledger, checkpoint));
  app.use('/v1', logRoutes(options.ledger, checkpoint));
  const heavyReads = options.heavyReads ?? new HeavyReadGate();
  const pinnedBundles = options.pinnedBundles ?? new PinnedBundleCache();
  app.use('/v1', batchRoutes(options.ledger, options.verify, heavyReads, pinnedBundles, checkpoint), exchangeRoutes(options.ledger, options.verify, heavyReads));
  for (const routes of [entryRoutes, participantRoutes, claimRoutes, reportRoutes]) app.use('/v1', routes(options.ledger));
  app.use(docsRoutes());
  app.use(opsRoutes(options.ledger, options.metrics));
  app.use(explorerRoutes());

  app.use((req: Request, res: Response) => {
    const known = knownRoute(req.path);
    if (known) {
      res.setHeader('Allow', known.join(', '));
      sendProblem(res, problem('method_not_allowed', `${req.method} is not allowed on ${req.path}`));
    } else {
      sendProblem(res, problem('not_found', `no resource at ${req.path}`));
    }
  });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const p = problemFromHttpError(err);
    // A heavy read refused for load (heavy-reads.ts) may be asked again in a moment.
    if (p.code === 'busy') res.setHeader('Retry-After', '1');
    sendProblem(res, p);
  });
  return app;
}

/** Body parser failures carry `type`; everything else goes through problemFromError. */
function problemFromHttpError(err: unknown) {
  const e = err as { type?: string; problemCode?: string };
  if (e.problemCode === 'unsupported_media_type') return problem('unsupported_media_type', 'send the body as application/json');
  switch (e.type) {
    case 'entity.parse.failed':
      return problem('malformed_json', 'the body is not valid JSON');
    case 'entity.too.large':
      return problem('payload_too_large', 'the body exceeds the size limit');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem('unsupported_media_type', 'the body must be UTF-8 JSON');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return problem('malformed_json', 'the body could not be read');
    default:
      // The router cannot decode a path segment such as %E0%A4%A: no id looks like that.
      if (err instanceof URIError) return problem('not_found', 'the path is not valid percent-encoding');
      // The body parser's other failures (a gzip or br body that does not decompress) carry no type.
      if ((err as { status?: number }).status === 400 && !isTallyError(err)) return problem('malformed_json', 'the body could not be read');
      return problemFromError(err);
  }
}
