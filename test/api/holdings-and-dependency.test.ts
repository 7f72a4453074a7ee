import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numeric } from '../support/numeric.js';
import { append, deliver, registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * The two protocol 1.1 reads a person looks at first: "what do I hold?" (`GET /v1/batches?holder=`)
 * and "how dependent is the country?" (`GET /v1/reports/dependency`). Figures are written by hand.
 *
 * Receipts by home participants (GB): the smelter receives 60 t of Chilean primary copper and
 * 30 t of UK post-consumer scrap, and 10 t of Irish scrap is received by an Irish participant (not
 * home demand). Copper: 90 t received at home, 60 t CL (66.67% > 60%: flagged), recycled 30/90 =
 * 33.3% (meets 20%). Lithium: a cell maker receives 40 t AU primary and 10 t CL primary: AU 80%
 * flagged, recycled 0 (misses 20%). A move between one's own sites is not supply.
 */

let server: TestServer;
let recycler: Party;
let smelter: Party;
let trader: Party;
let irish: Party;
let cells: Party;
let auditor: Party;
let bystander: Party;

beforeAll(async () => {
  server = await TestServer.start();
  recycler = await registerParticipant(server, 'yard', ['recycler'], 'GB', [['sheffield', 'GB'], ['leeds', 'GB']]);
  trader = await registerParticipant(server, 'dock', ['trader'], 'GB', [['tilbury', 'GB']]);
  smelter = await registerParticipant(server, 'smelter', ['processor'], 'GB', [['works', 'GB']]);
  irish = await registerParticipant(server, 'dublin-metals', ['processor'], 'IE', [['dublin', 'IE']]);
  cells = await registerParticipant(server, 'cell-maker', ['manufacturer'], 'GB', [['plant', 'GB']]);
  auditor = await registerParticipant(server, 'audit-co', ['auditor'], 'GB');
  bystander = await registerParticipant(server, 'nosy', ['trader'], 'GB', [['shed', 'GB']]);

  await registerBatch(server, recycler, { id: 'scrap-1', massG: t(30), site: 'sheffield' });
  await registerBatch(server, recycler, { id: 'scrap-2', massG: t(5), site: 'sheffield' });
  await registerBatch(server, recycler, { id: 'scrap-3', massG: t(7), site: 'sheffield' });
  await registerBatch(server, recycler, { id: 'scrap-4', massG: t(2), site: 'sheffield' });
  await registerBatch(server, trader, { id: 'cathode-cl', form: 'cathode', massG: t(60), site: 'tilbury', origin: { kind: 'primary', country: 'CL' } });
  await registerBatch(server, trader, { id: 'scrap-ie', massG: t(10), site: 'tilbury', origin: { kind: 'post-consumer', country: 'IE' } });
  await registerBatch(server, trader, { id: 'li-au', material: 'lithium', form: 'concentrate', massG: t(40), site: 'tilbury', origin: { kind: 'primary', country: 'AU' } });
  await registerBatch(server, trader, { id: 'li-cl', material: 'lithium', form: 'concentrate', massG: t(10), site: 'tilbury', origin: { kind: 'primary', country: 'CL' } });

  await deliver(server, recycler, 'scrap-1', smelter, 'works', t(30));
  await deliver(server, trader, 'cathode-cl', smelter, 'works', t(60));
  await deliver(server, trader, 'scrap-ie', irish, 'dublin', t(10));
  await deliver(server, trader, 'li-au', cells, 'plant', t(40));
  await deliver(server, trader, 'li-cl', cells, 'plant', t(10));
  // Not supply: the recycler moves scrap-2 to its own Leeds yard.
  await deliver(server, recycler, 'scrap-2', recycler, 'leeds', t(5));
  // Pending: scrap-3 is on its way to the smelter; scrap-4 is retired.
  await append(server, recycler, 'batch.transfer', { batch: 'scrap-3', to: smelter.id, toSite: 'works' });
  await append(server, recycler, 'batch.retire', { batch: 'scrap-4', reason: 'incorporated' });
});
afterAll(() => server?.close());

const ids = (body: { batches: Array<{ id: string }> }) => body.batches.map((b) => b.id);

describe('GET /v1/batches?holder=', () => {
  it('lists what a participant holds now: active, and in transit from it', async () => {
    const res = await server.signedGet('/v1/batches?holder=yard', recycler.signer);
    expect(res.status, res.text).toBe(200);
    expect(res.body.holder).toBe('yard');
    expect(ids(res.body)).toEqual(['scrap-2', 'scrap-3']);
    expect(res.body.next).toBeUndefined();
  });

  it('lists batches in transit to the holder, and those it has received', async () => {
    const res = await server.signedGet('/v1/batches?holder=smelter', smelter.signer);
    expect(ids(res.body)).toEqual(['cathode-cl', 'scrap-1', 'scrap-3']);
    const incoming = res.body.batches.find((b: { id: string }) => b.id === 'scrap-3');
    expect(incoming.status).toBe('in-transit');
    expect(incoming.transit).toEqual({ to: 'smelter', toSite: 'works', massG: t(7) });
  });

  it('filters by status, including batches it no longer holds', async () => {
    expect(ids((await server.signedGet('/v1/batches?holder=yard&status=retired', recycler.signer)).body)).toEqual(['scrap-4']);
    expect(ids((await server.signedGet('/v1/batches?holder=yard&status=active', recycler.signer)).body)).toEqual(['scrap-2']);
    expect(ids((await server.signedGet('/v1/batches?holder=smelter&status=in-transit', smelter.signer)).body)).toEqual(['scrap-3']);
  });

  it('pages with a cursor and never repeats or skips a batch', async () => {
    const seen: string[] = [];
    let path = '/v1/batches?holder=smelter&limit=1';
    for (let pages = 0; pages < 10; pages++) {
      const res = await server.signedGet(path, smelter.signer);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body));
      if (res.body.next === undefined) break;
      expect(res.body.batches).toHaveLength(1);
      path = `/v1/batches?holder=smelter&limit=1&after=${res.body.next}`;
    }
    expect(seen).toEqual(['cathode-cl', 'scrap-1', 'scrap-3']);
  });

  it('is for the holder, auditors and the registrar; a bystander gets 404, an unsigned caller 401', async () => {
    expect((await server.signedGet('/v1/batches?holder=yard', auditor.signer)).status).toBe(200);
    expect((await server.signedGet('/v1/batches?holder=yard', server.registrar.signer)).status).toBe(200);
    const nosy = await server.signedGet('/v1/batches?holder=yard', bystander.signer);
    expect(nosy.status).toBe(404);
    expect(nosy.body.code).toBe('not_found');
    expect((await server.request('GET', '/v1/batches?holder=yard')).status).toBe(401);
    expect((await server.signedGet('/v1/batches?holder=ghost', auditor.signer)).status).toBe(404);
  });

  it('refuses a bad query with its path', async () => {
    const missing = await server.signedGet('/v1/batches', recycler.signer);
    expect(missing.status).toBe(400);
    expect(missing.body.path).toEqual(['holder']);
    for (const query of ['holder=yard&limit=0', 'holder=yard&limit=501', 'holder=yard&status=lost', 'holder=a/b', 'holder=yard&colour=red']) {
      const res = await server.signedGet(`/v1/batches?${query}`, recycler.signer);
      expect(res.status, query).toBe(400);
      expect(res.body.code, query).toBe('invalid_query');
    }
  });
});

describe('GET /v1/reports/dependency', () => {
  it('gives copper’s origin shares and recycled share of what home participants received', async () => {
    const res = await server.request('GET', '/v1/reports/dependency?material=copper');
    expect(res.status, res.text).toBe(200);
    expect(res.body.homeCountry).toBe('GB');
    expect(res.body.lines).toEqual({ year: 2035, maxSingleCountryShare: 0.6, minRecycledShare: 0.2 });
    expect(res.body.materials).toHaveLength(1);
    const copper = numeric(res.body.materials[0]);
    expect(copper).toMatchObject({ material: 'copper', receivedG: t(90), recycledG: t(30), flagged: ['CL'], meetsRecycledTarget: true });
    expect(copper.recycledShare).toBeCloseTo(1 / 3, 12);
    expect(copper.byCountry).toEqual([
      { country: 'CL', massG: t(60), share: 60 / 90 },
      { country: 'GB', massG: t(30), share: 30 / 90 },
    ]);
  });

  it('lists every material, then all of them together', async () => {
    const res = await server.request('GET', '/v1/reports/dependency');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(numeric(res.body.materials).map((m: { material: string }) => [m.material, m]));
    expect(res.body.materials.map((m: { material: string }) => m.material)).toEqual(['copper', 'lithium', '_all']);
    expect(byName.lithium).toMatchObject({ receivedG: t(50), recycledG: 0, flagged: ['AU'], meetsRecycledTarget: false });
    expect(byName.lithium.byCountry.map((c: { country: string }) => c.country)).toEqual(['AU', 'CL']);
    // 140 t in all: CL 70 t (50%, not above 60%), AU 40 t, GB 30 t; recycled 30/140 = 21.4%.
    expect(byName._all).toMatchObject({ receivedG: t(140), recycledG: t(30), flagged: [], meetsRecycledTarget: true });
    expect(byName._all.byCountry).toEqual([
      { country: 'CL', massG: t(70), share: 0.5 },
      { country: 'AU', massG: t(40), share: 40 / 140 },
      { country: 'GB', massG: t(30), share: 30 / 140 },
    ]);
  });

  it('answers a material nobody received with zeros, and refuses a malformed one', async () => {
    const res = await server.request('GET', '/v1/reports/dependency?material=cobalt');
    expect(res.status).toBe(200);
    expect(numeric(res.body.materials)).toEqual([{ material: 'cobalt', receivedG: 0, recycledG: 0, recycledShare: 0, byCountry: [], flagged: [], meetsRecycledTarget: false }]);
    const bad = await server.request('GET', '/v1/reports/dependency?material=Cobalt');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_query');
    expect(bad.body.path).toEqual(['material']);
  });
});
