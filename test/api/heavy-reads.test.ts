import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { append, registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Bundles, passports, DTEs and EPCIS documents each read a batch's whole lineage, so they pass
 * through a bounded gate (api/heavy-reads.ts): a request beyond it is refused with 503 `busy` and
 * `Retry-After`, and changes nothing.
 */
const HEAVY = ['bundle', 'passport', 'dte', 'epcis'];

async function scrapChain(server: TestServer): Promise<Party> {
  const yard = await registerParticipant(server, 'yard', ['recycler'], 'GB', [['yard', 'GB']]);
  await registerBatch(server, yard, { id: 'heap', massG: t(20), site: 'yard' });
  await append(server, yard, 'batch.attest', { batch: 'heap', kind: 'assay', sha256: 'c'.repeat(64) });
  return yard;
}

describe('with no heavy read allowed', () => {
  let server: TestServer;
  let yard: Party;
  beforeAll(async () => {
    server = await TestServer.start({ heavyReads: { running: 0, waiting: 0 } });
    yard = await scrapChain(server);
  });
  afterAll(() => server?.close());

  it.each(HEAVY)('GET /v1/batches/{id}/%s answers 503 busy with Retry-After, and the log stays as it was', async (kind) => {
    const size = (await server.get('/v1/log')).body.size;
    const res = await server.signedGet(`/v1/batches/heap/${kind}`, yard.signer);
    expect([res.status, res.body.code]).toEqual([503, 'busy']);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await server.get('/v1/log')).body.size).toBe(size);
  });

  it('still answers the batch, its provenance and the log', async () => {
    expect((await server.signedGet('/v1/batches/heap', yard.signer)).status).toBe(200);
    expect((await server.signedGet('/v1/batches/heap/provenance', yard.signer)).status).toBe(200);
    expect((await server.get('/v1/checkpoint')).status).toBe(200);
  });
});

describe('with the default limits', () => {
  let server: TestServer;
  let yard: Party;
  beforeAll(async () => {
    server = await TestServer.start();
    yard = await scrapChain(server);
  });
  afterAll(() => server?.close());

  it('queues a burst of bundle requests within its limits and answers each with the same bundle', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => server.signedGet('/v1/batches/heap/bundle', yard.signer)));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
  });

  it('answers an unknown batch 404, and serves the EPCIS document of a known one', async () => {
    const missing = await server.signedGet('/v1/batches/no-such/epcis', yard.signer);
    expect(missing.status).toBe(404);
    expect((await server.signedGet('/v1/batches/heap/epcis', yard.signer)).status).toBe(200);
  });
});
