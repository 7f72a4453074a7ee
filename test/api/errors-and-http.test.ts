import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectMatchesContract } from '../support/contract.js';
import { TestServer, type ApiResponse, type RequestOptions } from '../support/server.js';

/**
 * HTTP behaviour at the edge: every failure is an RFC 9457 problem with a stable code, the right
 * status and headers, and nothing of the server's insides (no stack trace, no file path), which
 * expectProblem checks on every problem below.
 */

let server: TestServer;

beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.close());

const send = (method: string, path: string, options: RequestOptions = {}) => server.request(method, path, options);

/** A problem with this status and code, and nothing of the server's insides: no stack trace, no file path. */
function expectProblem(res: ApiResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `https://tally.example/problems/${code}`, status, code });
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
  expect(Object.keys(res.body).every((k) => ['type', 'title', 'status', 'code', 'detail', 'path'].includes(k))).toBe(true);
  expect(res.text).not.toMatch(/\n\s*at /);
  expect(res.text).not.toMatch(/\bat [\w.<>]+ \(/);
  expect(res.text).not.toMatch(/(\/work\/|\/home\/|\/tmp\/|node_modules|\.ts:\d|\.js:\d|file:\/\/)/);
}

const claimsBody = JSON.stringify({ batch: 'b-1', claims: [{ kind: 'recycled', atLeast: 0.5 }] });

describe('415 unsupported media type', () => {
  it.each([
    ['POST /v1/events as text/plain', '/v1/events', { 'content-type': 'text/plain' }],
    ['POST /v1/events as form data', '/v1/events', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['POST /v1/claims/verify as text/plain', '/v1/claims/verify', { 'content-type': 'text/plain' }],
  ])('%s', async (_name, path, headers) => {
    expectProblem(await send('POST', path, { body: claimsBody, headers }), 415, 'unsupported_media_type');
  });
});

describe('413 over the body limit (256 KiB)', () => {
  const big = JSON.stringify({ event: { note: 'x'.repeat(257 * 1024) } });

  it.each(['/v1/events', '/v1/claims/verify'])('POST %s with a declared length over the limit', async (path) => {
    expectProblem(await send('POST', path, { body: big }), 413, 'payload_too_large');
  });

  it('POST /v1/events with a chunked body that grows past the limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const json = await res.json();
    expectMatchesContract('POST', '/v1/events', res.status, res.headers.get('content-type') ?? '', json);
    expect(res.status).toBe(413);
    expect(json.code).toBe('payload_too_large');
  });
});

describe('405 method not allowed, with Allow', () => {
  it.each([
    ['DELETE', '/v1/log', 'GET, HEAD'],
    ['POST', '/v1/checkpoint', 'GET, HEAD'],
    ['GET', '/v1/events', 'POST'],
    ['PUT', '/v1/batches/b-1', 'GET, HEAD'],
    ['GET', '/v1/claims/verify', 'POST'],
  ])('%s %s -> Allow: %s', async (method, path, allow) => {
    const res = await send(method, path, method === 'POST' ? { body: '{}' } : {});
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe(allow);
  });
});

describe('404 for what does not exist', () => {
  it.each(['/v1/nothing-here', '/v2/log', '/v1/batches/b-1/unknown', '/favicon.ico'])('GET %s', async (path) => {
    expectProblem(await send('GET', path), 404, 'not_found');
  });

  it.each(['/v1/batches/%E0%A4%A', '/v1/participants/%ZZ', '/v1/entries/%FF'])('GET %s (not valid percent-encoding)', async (path) => {
    expectProblem(await send('GET', path), 404, 'not_found');
  });

  it('GET /v1/participants/{id} for an unknown participant', async () => {
    expectProblem(await send('GET', '/v1/participants/nobody'), 404, 'not_found');
  });
});

describe('400 for bodies that are not JSON', () => {
  it.each([
    ['truncated JSON', '{"batch": "b-1", "claims": ['],
    ['a trailing comma', '{"batch": "b-1",}'],
    ['invalid UTF-8', Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
  ] as const)('POST /v1/events with %s -> malformed_json', async (_name, body) => {
    expectProblem(await send('POST', '/v1/events', { body }), 400, 'malformed_json');
  });

  it('POST /v1/claims/verify with malformed JSON -> malformed_json', async () => {
    expectProblem(await send('POST', '/v1/claims/verify', { body: '{"batch": ' }), 400, 'malformed_json');
  });

  it('POST /v1/claims/verify with a body that does not decompress -> malformed_json', async () => {
    expectProblem(await send('POST', '/v1/claims/verify', { body: claimsBody, headers: { 'content-encoding': 'br' } }), 400, 'malformed_json');
  });

  it('POST /v1/events with a query string is still the event route', async () => {
    expectProblem(await send('POST', '/v1/events?source=test', { body: '{}' }), 400, 'invalid_event');
  });
});

describe('other HTTP behaviour', () => {
  it('answers HEAD on a GET route without a body', async () => {
    const res = await fetch(`${server.url}/v1/log`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('says nothing about the framework', async () => {
    const res = await send('GET', '/v1/log');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
