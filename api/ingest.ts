import type { IncomingMessage, ServerResponse } from 'node:http';
import { TallyError } from '../ledger/errors.js';
import type { Ledger } from '../ledger/store/ledger.js';
import { problem, problemFromError, sendProblem, type Problem } from './problem.js';
import { logWhenFinished, type LogSink } from './request-log.js';

/** Deeper JSON than any event needs is refused before any further work (and before recursion). */
const MAX_JSON_DEPTH = 32;
/** Refuses bytes that are not UTF-8. One for all requests: without `stream` a decode keeps no state. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** True for the one request the ingest path serves. */
export function isEventSubmission(req: IncomingMessage): boolean {
  // The query string is ignored, as Express ignores it: otherwise POST /v1/events?x=1 fell through
  // to Express, which has no such route and answered 405 with `Allow: POST`.
  const path = (req.url ?? '').split('?')[0];
  return req.method === 'POST' && (path === '/v1/events' || path === '/v1/events/');
}

/**
 * `POST /v1/events` on plain node:http, the ledger's hot path: Express's routing and body parsing
 * cost several times what the rest of an append does on the request thread (about 65 us against
 * 8 us), so submissions bypass it. Behaviour matches the Express routes: the same problems
 * (415, 413, 400 malformed_json / invalid_event, the ledger's codes), the same log line.
 * Anyone may submit: the event's signature is the authentication.
 */
export function ingestHandler(ledger: Ledger, log: LogSink, bodyLimitBytes: number) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let code: string | undefined;
    logWhenFinished(log, req, res, () => (code ? { code } : {}));
    const fail = (p: Problem) => {
      code = p.code;
      // The rest of an unread body is drained and the connection kept usable.
      req.resume();
      sendProblem(res, p);
    };

    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !/^application\/[a-z0-9.+-]*\+json$/.test(type)) {
      return fail(problem('unsupported_media_type', 'send the body as application/json'));
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > bodyLimitBytes) return fail(problem('payload_too_large', 'the body exceeds the size limit'));

    const chunks: Buffer[] = [];
    let received = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      received += chunk.length;
      if (received > bodyLimitBytes) {
        refused = true;
        fail(problem('payload_too_large', 'the body exceeds the size limit'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      let body: unknown;
      try {
        body = JSON.parse(STRICT_UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
      } catch {
        return fail(problem('malformed_json', 'the body is not valid JSON'));
      }
      submit(ledger, body).then(
        ({ status, json }) => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
          res.end(json);
        },
        (err: unknown) => fail(problemFromError(err)),
      );
    });
    req.on('error', () => fail(problem('malformed_json', 'the body could not be read')));
  };
}

async function submit(ledger: Ledger, body: unknown): Promise<{ status: number; json: string }> {
  assertShallow(body);
  const { seq, hash, created } = await ledger.submit(body);
  return { status: created ? 201 : 200, json: JSON.stringify({ seq, hash }) };
}

/** @throws TallyError `invalid_event` when the value nests deeper than MAX_JSON_DEPTH. */
export function assertShallow(value: unknown): void {
  if (nestsDeeper(value, 1)) throw new TallyError('invalid_event', `JSON nests deeper than ${MAX_JSON_DEPTH} levels`);
}

/**
 * True when `node`, at `depth`, nests deeper than MAX_JSON_DEPTH. The recursion stops one level
 * past the limit, so a hostile depth cannot overflow the stack; and it allocates nothing, where
 * an explicit stack of (node, depth) pairs cost every submission about 1.8 KB of garbage.
 */
function nestsDeeper(node: unknown, depth: number): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (depth > MAX_JSON_DEPTH) return true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (nestsDeeper(node[i], depth + 1)) return true;
    return false;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) if (nestsDeeper(record[key], depth + 1)) return true;
  return false;
}
