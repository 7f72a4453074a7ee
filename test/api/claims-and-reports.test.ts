import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { append, deliver, registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';
import { numeric } from '../support/numeric.js';

/**
 * Claims and reports over HTTP, on SPEC section 4's worked example: a rod mill melts 120 t UK
 * post-consumer scrap, 30 t Irish post-consumer scrap and 70 t Chilean primary cathode into 200 t
 * of rod: recycled 150/220 = 68.18%, UK-recycled 120/220 = 54.55%, controlled blending. Around it:
 * home scrap exported as scrap, rod exported after processing, scrap lost, and a wire maker that
 * buys only Chilean cathode (so its concentration report flags CL).
 */

let server: TestServer;
let auditor: Party;
let mill: Party;
let wireMaker: Party;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  server = await TestServer.start();
  const ukMerchant = await registerParticipant(server, 'uk-merchant', ['recycler'], 'GB', [['yard', 'GB']]);
  const importer = await registerParticipant(server, 'importer', ['trader'], 'GB', [['dock', 'GB']]);
  mill = await registerParticipant(server, 'rod-mill', ['processor'], 'GB', [['mill', 'GB']]);
  wireMaker = await registerParticipant(server, 'wire-maker', ['fabricator'], 'GB', [['works', 'GB']]);
  auditor = await registerParticipant(server, 'auditor-co', ['auditor'], 'GB');

  await registerBatch(server, ukMerchant, { id: 'scrap-uk', massG: t(120), site: 'yard' });
  await registerBatch(server, ukMerchant, { id: 'scrap-uk-2', massG: t(10), site: 'yard' });
  await registerBatch(server, importer, { id: 'scrap-ie', massG: t(30), site: 'dock', origin: { kind: 'post-consumer', country: 'IE' } });
  await registerBatch(server, importer, { id: 'cathode', form: 'cathode', massG: t(80), site: 'dock', origin: { kind: 'primary', country: 'CL' } });

  // Home scrap leaves as scrap (5 t to India), and 1 t is lost at the yard.
  await append(server, ukMerchant, 'batch.export', { batch: 'scrap-uk-2', split: { id: 'scrap-uk-2-in', massG: t(5) }, destination: { country: 'IN', consignee: 'Mumbai Metals' } });
  await append(server, ukMerchant, 'batch.retire', { batch: 'scrap-uk-2', massG: t(1), reason: 'lost' });

  await deliver(server, ukMerchant, 'scrap-uk', mill, 'mill', t(120));
  await deliver(server, importer, 'scrap-ie', mill, 'mill', t(30));
  await append(server, importer, 'batch.transfer', { batch: 'cathode', to: wireMaker.id, toSite: 'works', split: { id: 'cathode-wire', massG: t(10) } });
  await append(server, wireMaker, 'batch.receive', { batch: 'cathode-wire', massG: t(10) });
  await deliver(server, importer, 'cathode', mill, 'mill', t(70));
  await append(server, mill, 'batch.transform', {
    process: 'melt and roll',
    site: 'mill',
    inputs: [{ batch: 'scrap-uk', massG: t(120) }, { batch: 'scrap-ie', massG: t(30) }, { batch: 'cathode', massG: t(70) }],
    outputs: [{ id: 'rod', material: 'copper', form: 'rod', massG: t(200) }],
  });
  // Rod leaves after processing (22 t to Germany).
  await append(server, mill, 'batch.export', { batch: 'rod', split: { id: 'rod-de', massG: t(22) }, destination: { country: 'DE', consignee: 'Kupfer GmbH' } });
});
afterAll(() => server?.close());

describe('POST /v1/claims/verify', () => {
  it('checks the worked example’s claims on the rod', async () => {
    const res = await server.signedPost(
      '/v1/claims/verify',
      {
        batch: 'rod',
        claims: [
          { kind: 'recycled', atLeast: 0.68 },
          { kind: 'recycled', atLeast: 0.69 },
          { kind: 'home-recycled', atLeast: 0.5 },
          { kind: 'post-consumer', atLeast: 0.6 },
          { kind: 'pre-consumer', atLeast: 0.01 },
          { kind: 'home-origin', atLeast: 0.55 },
          { kind: 'home-processed' },
          { kind: 'not-exported' },
        ],
      },
      mill.signer,
    );
    expect(res.status).toBe(200);
    expect(res.body.batch).toBe('rod');
    const results = res.body.results as Array<{ kind: string; holds: boolean; share?: number; model: string }>;
    expect(results.map((r) => r.holds)).toEqual([true, false, true, true, false, false, true, true]);
    expect(results[0]!.share).toBeCloseTo(150 / 220, 6);
    expect(results[2]!.share).toBeCloseTo(120 / 220, 6);
    expect(results[4]!.share).toBe(0);
    // A mixed batch: share claims are controlled blending; a boolean claim that holds covers all of it.
    expect(results.map((r) => r.model)).toEqual([...new Array(6).fill('controlled-blending'), 'segregated', 'segregated']);
  });

  it('says an exported part was exported', async () => {
    const res = await server.signedPost('/v1/claims/verify', { batch: 'rod-de', claims: [{ kind: 'not-exported' }] }, auditor.signer);
    expect(res.body.results[0].holds).toBe(false);
  });

  it.each([
    ['atLeast above 1', { batch: 'rod', claims: [{ kind: 'recycled', atLeast: 1.5 }] }, ['claims', 0, 'atLeast']],
    ['a share claim without atLeast', { batch: 'rod', claims: [{ kind: 'recycled' }] }, ['claims', 0, 'atLeast']],
    ['atLeast on not-exported', { batch: 'rod', claims: [{ kind: 'not-exported', atLeast: 1 }] }, ['claims', 0, 'atLeast']],
    ['an unknown kind', { batch: 'rod', claims: [{ kind: 'green', atLeast: 0.5 }] }, ['claims', 0, 'kind']],
    ['no claims', { batch: 'rod', claims: [] }, ['claims']],
    ['an unknown field', { batch: 'rod', claims: [{ kind: 'not-exported' }], verbose: true }, ['verbose']],
  ])('refuses %s with 400 invalid_query and the path', async (_name, body, path) => {
    const res = await server.signedPost('/v1/claims/verify', body, mill.signer);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_query', path });
  });
});

describe('GET /v1/batches/{id}/provenance and the batch view', () => {
  it('gives the figures of the rod and its lineage', async () => {
    const res = await server.signedGet('/v1/batches/rod/provenance', mill.signer);
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p).toMatchObject({ batch: 'rod', model: 'controlled-blending', preConsumerG: 0 });
    expect(p.massG).toBe(t(178)); // 200 t less the 22 t exported
    expect(p.recycledG).toBe(p.postConsumerG);
    expect(p.homeOriginG).toBe(p.homeRecycledG);
    expect(Math.abs(p.recycledG / p.massG - 150 / 220)).toBeLessThan(1e-6);
    expect(p.byCountry.reduce((sum: number, c: { massG: number }) => sum + c.massG, 0)).toBe(p.massG);
    expect(p.byCountry.map((c: { country: string }) => c.country)).toEqual(['CL', 'GB', 'IE']);
  });

  it('gives the rod’s composition, custody countries and flags', async () => {
    const res = await server.signedGet('/v1/batches/rod', mill.signer);
    expect(res.body).toMatchObject({ id: 'rod', material: 'copper', form: 'rod', status: 'active', custodian: 'rod-mill', site: 'mill', custodyCountries: ['GB'], mixed: true, allocated: false });
    expect(res.body.composition.reduce((sum: number, part: { massG: number }) => sum + part.massG, 0)).toBe(res.body.massG);
  });
});

describe('GET /v1/reports/retention (public)', () => {
  it('accounts for home-origin recycled grams: registered, exported as scrap and after processing, processed, lost', async () => {
    const res = await server.get('/v1/reports/retention?material=copper');
    expect(res.status).toBe(200);
    const exportedRod = (await server.signedGet('/v1/batches/rod-de/provenance', auditor.signer)).body.homeRecycledG as number;
    expect(numeric(res.body)).toEqual({
      homeCountry: 'GB',
      material: 'copper',
      registeredG: t(130),
      exportedG: t(5) + exportedRod,
      exportedByCountry: { IN: t(5), DE: exportedRod },
      exportedAsScrapG: t(5),
      exportedAfterProcessingG: exportedRod,
      processedAtHomeG: t(120),
      lostG: t(1),
    });
    expect(Math.abs(exportedRod - t(12))).toBeLessThanOrEqual(2); // 22 t x 120/220, to the gram by scale()
  });

  it('buckets by day, and reports nothing for another material', async () => {
    const all = (await server.get('/v1/reports/retention')).body;
    const day = (await server.get(`/v1/reports/retention?from=${today}&to=${today}`)).body;
    expect(day).toEqual({ ...all, from: today, to: today });
    expect(numeric((await server.get('/v1/reports/retention?to=2000-01-01')).body.registeredG)).toBe(0);
    expect(numeric((await server.get('/v1/reports/retention?material=aluminium')).body.registeredG)).toBe(0);
  });

  it.each([
    ['from after to', 'from=2026-03-02&to=2026-03-01', 'from'],
    ['a day that does not exist', 'from=2026-02-30', 'from'],
    ['a material that is not a word', 'material=Copper!', 'material'],
    ['an unknown parameter', 'country=GB', 'country'],
  ])('refuses %s with 400 invalid_query', async (_name, query, field) => {
    const res = await server.get(`/v1/reports/retention?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_query', path: [field] });
  });
});

describe('GET /v1/reports/concentration', () => {
  it('gives the origin-country shares of what the mill received, none above 60%', async () => {
    const res = await server.signedGet('/v1/reports/concentration?participant=rod-mill&material=copper', mill.signer);
    expect(res.status).toBe(200);
    expect(numeric(res.body)).toEqual({
      participant: 'rod-mill',
      material: 'copper',
      receivedG: t(220),
      byCountry: [
        { country: 'CL', massG: t(70), share: 70 / 220 },
        { country: 'GB', massG: t(120), share: 120 / 220 },
        { country: 'IE', massG: t(30), share: 30 / 220 },
      ],
      flagged: [],
    });
  });

  it('flags a country above 60%', async () => {
    const res = await server.signedGet('/v1/reports/concentration?participant=wire-maker', auditor.signer);
    expect(numeric(res.body)).toMatchObject({ receivedG: t(10), byCountry: [{ country: 'CL', massG: t(10), share: 1 }], flagged: ['CL'] });
  });

  it('refuses a missing participant with 400, and answers 404 for an unknown one', async () => {
    const missing = await server.signedGet('/v1/reports/concentration', auditor.signer);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'invalid_query', path: ['participant'] });
    const unknown = await server.signedGet('/v1/reports/concentration?participant=nobody', auditor.signer);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
  });
});
