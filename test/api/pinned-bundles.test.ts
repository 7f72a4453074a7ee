import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../sdk/verify/index.js';
import { append, registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Bundles pinned to a size never change, so the server keeps their bytes once made
 * (api/pinned-bundles.ts). What a caller may see is still decided on every request, and the bundle
 * at the latest size is made afresh each time.
 */
describe('bundles pinned to a size', () => {
  let server: TestServer;
  let yard: Party;
  let bystander: Party;
  let pinnedAt: number;
  let first: string;

  const metric = async (series: string) => {
    const text = (await server.get('/metrics')).text;
    return Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
  };

  beforeAll(async () => {
    server = await TestServer.start();
    yard = await registerParticipant(server, 'yard', ['recycler'], 'GB', [['yard', 'GB']]);
    bystander = await registerParticipant(server, 'bystander', ['recycler'], 'GB', [['shed', 'GB']]);
    await registerBatch(server, yard, { id: 'heap', massG: t(20), site: 'yard' });
    pinnedAt = (await server.get('/v1/log')).body.size;
    await append(server, yard, 'batch.attest', { batch: 'heap', kind: 'assay', sha256: 'c'.repeat(64) });
  });
  afterAll(() => server?.close());

  it('are made once and then served as the same bytes, which still verify', async () => {
    const made = await server.signedGet(`/v1/batches/heap/bundle?size=${pinnedAt}`, yard.signer);
    expect(made.status).toBe(200);
    first = made.text;
    const again = await server.signedGet(`/v1/batches/heap/bundle?size=${pinnedAt}`, yard.signer);
    expect(again.status).toBe(200);
    expect(again.text).toBe(first);
    expect(await metric('tally_pinned_bundle_requests_total{outcome="miss"}')).toBe(1);
    expect(await metric('tally_pinned_bundle_requests_total{outcome="hit"}')).toBe(1);
    expect(await metric('tally_pinned_bundle_cache_bytes')).toBe(Buffer.byteLength(first));

    const { logKey } = (await server.get('/v1/log')).body;
    const verified = await verifyBundle(JSON.parse(first), logKey);
    expect(verified.checkpoint.size).toBe(pinnedAt);
    expect(verified.batch).toMatchObject({ id: 'heap', massG: t(20) });
    // Pinned before the assay: the kept bundle holds no entry from after its size.
    const kept = JSON.parse(first) as { entries: Array<{ seq: number; entry: { event: { type: string } } }> };
    expect(kept.entries.every(({ seq }) => seq < pinnedAt)).toBe(true);
    expect(kept.entries.map(({ entry }) => entry.event.type)).not.toContain('batch.attest');
  });

  it('are refused to a caller who may not see the batch, even once kept', async () => {
    const refused = await server.signedGet(`/v1/batches/heap/bundle?size=${pinnedAt}`, bystander.signer);
    expect([refused.status, refused.body.code]).toEqual([404, 'not_found']);
    expect(refused.text).not.toContain('"tally-bundle/v1"');
    expect(await metric('tally_pinned_bundle_requests_total{outcome="hit"}')).toBe(1);
  });

  it('leave the latest bundle to be made afresh, with what was appended since', async () => {
    const latest = await server.signedGet('/v1/batches/heap/bundle', yard.signer);
    expect(latest.status).toBe(200);
    expect(latest.body.entries.length).toBe(JSON.parse(first).entries.length + 1);
    await append(server, yard, 'batch.attest', { batch: 'heap', kind: 'assay', sha256: 'd'.repeat(64) });
    const newer = await server.signedGet('/v1/batches/heap/bundle', yard.signer);
    expect(newer.body.entries.length).toBe(latest.body.entries.length + 1);
    expect(await metric('tally_pinned_bundle_requests_total{outcome="miss"}')).toBe(1);
    expect(await metric('tally_pinned_bundle_requests_total{outcome="hit"}')).toBe(1);
  });

  it('keep nothing of a size the log never signed, and refuse it each time', async () => {
    const size = (await server.get('/v1/log')).body.size;
    for (let i = 0; i < 2; i++) {
      const res = await server.signedGet(`/v1/batches/heap/bundle?size=${size + 5}`, yard.signer);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    expect(await metric('tally_pinned_bundle_cache_bytes')).toBe(Buffer.byteLength(first));
  });
});

describe('with no memory for pinned bundles', () => {
  it('makes each one again', async () => {
    const server = await TestServer.start({ pinnedBundleCacheBytes: 0 });
    try {
      const yard = await registerParticipant(server, 'yard', ['recycler'], 'GB', [['yard', 'GB']]);
      await registerBatch(server, yard, { id: 'heap', massG: t(20), site: 'yard' });
      const size = (await server.get('/v1/log')).body.size;
      const texts = new Set<string>();
      for (let i = 0; i < 2; i++) texts.add((await server.signedGet(`/v1/batches/heap/bundle?size=${size}`, yard.signer)).text);
      expect(texts.size).toBe(1);
      const text = (await server.get('/metrics')).text;
      expect(text).toMatch(/^tally_pinned_bundle_requests_total\{outcome="miss"\} 2$/m);
      expect(text).toMatch(/^tally_pinned_bundle_cache_bytes 0$/m);
    } finally {
      await server.close();
    }
  });
});
