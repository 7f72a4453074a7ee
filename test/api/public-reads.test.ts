import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server.close());

/** SPEC 6: only protected reads are authenticated; a public read ignores signature headers. */
it.each(['/v1/log', '/v1/checkpoint', '/v1/participants', '/v1/reports/retention', '/v1/proofs/inclusion?seq=0&size=1'])(
  'GET %s answers 200 even with an expired or forged signature attached',
  async (path) => {
    const expired = await server.request('GET', path, { signer: server.registrar.signer, signedAt: new Date(Date.now() - 10 * 60_000) });
    expect(expired.status).toBe(200);
    const forged = await server.request('GET', path, { headers: { signature: 'sig1=:AAAA:', 'signature-input': 'sig1=("@method");created=1' } });
    expect(forged.status).toBe(200);
  },
);

it('still refuses the same expired signature on a protected read', async () => {
  const res = await server.request('GET', '/v1/entries?from=0&limit=1', { signer: server.registrar.signer, signedAt: new Date(Date.now() - 10 * 60_000) });
  expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
});

it.each(['seq=&size=1', 'seq=0x0&size=1', 'seq=1e0&size=2', 'seq=-1&size=1', 'seq=00&size=1'])('refuses the non-decimal query %s with invalid_query', async (query) => {
  const res = await server.request('GET', `/v1/proofs/inclusion?${query}`);
  expect([res.status, res.body.code]).toEqual([400, 'invalid_query']);
});
