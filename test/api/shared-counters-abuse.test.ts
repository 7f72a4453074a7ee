import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, append, registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Issue 9, items 4, 5 and 7, against a real server: a registered participant tries to exhaust the
 * shared counters, to mint counter keys at will, and to move material across a border without it
 * counting as an export. Each attack is refused with its own code and changes nothing, or (for the
 * counters) can no longer hurt anyone else.
 */

const MAX_EVENT_G = 1_000_000_000_000;
const TWO_POW_53 = 2n ** 53n;

describe('a participant against the shared counters', () => {
  let server: TestServer;
  let greedy: Party;
  let honest: Party;

  beforeAll(async () => {
    server = await TestServer.start();
    greedy = await registerParticipant(server, 'greedy-metals', ['recycler'], 'GB', [['sheffield', 'GB'], ['izmir', 'TR']]);
    honest = await registerParticipant(server, 'honest-scrap', ['recycler'], 'GB', [['leeds', 'GB']]);
  });
  afterAll(() => server.close());

  it('cannot register more than 10^12 g in one event, nor an invented material, and the log does not move', async () => {
    const before = await server.logSize();
    // The attack of item 4: read the public counter, then register what is left below 2^53.
    const retention = (await server.get('/v1/reports/retention?material=copper')).body;
    const rest = Number(TWO_POW_53 - 1n - BigInt(retention.registeredG));
    const huge = await act(server, greedy, 'batch.register', { batch: { id: 'huge', material: 'copper', form: 'scrap', massG: rest, site: 'sheffield' }, origin: { kind: 'post-consumer', country: 'GB' } });
    expect(huge.status).toBe(400);
    expect(huge.body).toMatchObject({ code: 'invalid_event', path: ['event', 'batch', 'massG'] });
    // Item 5: a material nobody allowed would mint counter keys.
    const invented = await act(server, greedy, 'batch.register', { batch: { id: 'x-1', material: 'greedium', form: 'scrap', massG: 1, site: 'sheffield' }, origin: { kind: 'post-consumer', country: 'GB' } });
    expect(invented.status).toBe(422);
    expect(invented.body).toMatchObject({ code: 'unknown_material', path: ['event', 'batch', 'material'] });
    // ...and so would a day bucket for every day since 1970 (retention is bucketed by `at`).
    const old = await act(server, greedy, 'batch.register', { batch: { id: 'x-2', material: 'copper', form: 'scrap', massG: 1, site: 'sheffield' }, origin: { kind: 'post-consumer', country: 'GB' } }, { at: '1970-01-01T00:00:00Z' });
    expect(old.status).toBe(422);
    expect(old.body.code).toBe('event_too_old');
    expect(await server.logSize()).toBe(before);
  });

  it('gives report counters as exact strings of digits, so no size of total can refuse an event', async () => {
    // Past 2^53 itself is shown on the store (test/store/counters-past-2-53.test.ts: 9,100 events
    // of 10^12 g); over HTTP, that the largest event is accepted and counted to the gram.
    await registerBatch(server, greedy, { id: 'max-1', massG: MAX_EVENT_G, site: 'sheffield' });
    await registerBatch(server, honest, { id: 'honest-1', massG: t(2), site: 'leeds' });
    const copper = (await server.get('/v1/reports/retention?material=copper')).body;
    expect(copper.registeredG).toBe(String(MAX_EVENT_G + t(2)));
  });
});

describe('a participant against the border (issue 9, item 7)', () => {
  let server: TestServer;
  let mover: Party;

  beforeAll(async () => {
    server = await TestServer.start();
    mover = await registerParticipant(server, 'two-country-metals', ['recycler', 'processor'], 'GB', [['sheffield', 'GB'], ['izmir', 'TR']]);
    await registerBatch(server, mover, { id: 'gb-scrap', massG: t(10), site: 'sheffield' });
  });
  afterAll(() => server.close());

  it('refuses a melt at Izmir of scrap lying in Sheffield, naming the input, and changes nothing', async () => {
    const before = await server.logSize();
    const melt = await act(server, mover, 'batch.transform', {
      process: 'melt', site: 'izmir',
      inputs: [{ batch: 'gb-scrap', massG: t(10) }],
      outputs: [{ id: 'tr-ingot', material: 'copper', form: 'ingot', massG: t(9) }],
    });
    expect(melt.status).toBe(422);
    expect(melt.body).toMatchObject({ code: 'input_not_at_site', path: ['event', 'inputs', 0, 'batch'] });
    expect(await server.logSize()).toBe(before);
    expect((await server.get('/v1/reports/retention')).body).toMatchObject({ registeredG: String(t(10)), exportedG: '0', processedAtHomeG: '0' });
  });

  it('counts the move to its own Izmir works as an export, and the melt there as not processed at home', async () => {
    await append(server, mover, 'batch.transfer', { batch: 'gb-scrap', to: mover.id, toSite: 'izmir' });
    await append(server, mover, 'batch.receive', { batch: 'gb-scrap', massG: t(10) });
    await append(server, mover, 'batch.transform', {
      process: 'melt', site: 'izmir',
      inputs: [{ batch: 'gb-scrap', massG: t(10) }],
      outputs: [{ id: 'tr-ingot', material: 'copper', form: 'ingot', massG: t(9) }],
    });
    expect((await server.get('/v1/reports/retention')).body).toMatchObject({
      registeredG: String(t(10)), exportedG: String(t(10)), exportedByCountry: { TR: String(t(10)) }, exportedAsScrapG: String(t(10)), processedAtHomeG: '0',
    });
  });
});
