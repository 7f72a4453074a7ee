import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { Entry } from '../schemas/entry.js';
import type { paths } from './generated/api.js';
import { signRequest, type RequestSigner } from './request-signing.js';

export type TallyApi = Client<paths>;

export interface TallyClientOptions {
  /** Where the server is, e.g. `http://127.0.0.1:8080` (no trailing `/v1`). */
  baseUrl: string;
  /** Signs protected reads (RFC 9421) as this participant; public calls work without it. */
  signer?: RequestSigner;
  /** Injected fetch (tests, proxies); defaults to globalThis.fetch. */
  fetch?: (input: Request) => Promise<Response>;
  /** The clock used for a signature's `created` (tests move it). */
  now?: () => Date;
}

/**
 * The typed Tally client: every path, parameter and body of openapi.yaml, errors returned as
 * values (`{ data } | { error }`, the RFC 9457 problem) rather than thrown. Runs in Node and in
 * browsers. When a signer is given, every request carries an RFC 9421 signature.
 * @example
 * const tally = createTallyClient({ baseUrl, signer });
 * const { data, error } = await tally.GET('/v1/batches/{id}', { params: { path: { id: 'rod-1' } } });
 */
export function createTallyClient(options: TallyClientOptions): TallyApi {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  if (options.signer) client.use(signingMiddleware(options.signer, options.now ?? (() => new Date())));
  return client;
}

function signingMiddleware(signer: RequestSigner, now: () => Date): Middleware {
  return {
    async onRequest({ request }) {
      const body = request.body === null ? undefined : new Uint8Array(await request.clone().arrayBuffer());
      const headers = signRequest({ method: request.method, url: request.url, ...(body ? { body } : {}) }, signer, now());
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
      return request;
    },
  };
}

/**
 * `(from, limit) => entries` over `GET /v1/entries`, as replayLog takes it. The caller must sign
 * as an auditor or the registrar.
 * @throws Error carrying the problem when the server refuses a page.
 */
export function entryPager(api: TallyApi): (from: number, limit: number) => Promise<Entry[]> {
  return async (from, limit) => {
    const page = await api.GET('/v1/entries', { params: { query: { from, limit } } });
    if (page.error) throw Object.assign(new Error(`GET /v1/entries: ${page.error.code}: ${page.error.detail}`), { problem: page.error });
    return page.data.entries as unknown as Entry[];
  };
}
