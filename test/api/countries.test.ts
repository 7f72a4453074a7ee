import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { startServer } from '../../api/server.js';
import { ASSIGNED_COUNTRIES, countryProblem } from '../../schemas/countries.js';
import { act, registerParticipant, t } from '../support/participants.js';
import { participantFields } from '../support/participant-fields.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Issue 9, item 13: countries are checked against the officially assigned ISO 3166-1 alpha-2
 * codes (SPEC 1). `UK` was accepted, so a UK batch counted as foreign and dropped out of the UK
 * retention figure for good; `ZZ` was accepted too. Refused at submission, naming the intended
 * code, and at server start.
 */

let server: TestServer;
let yard: Party;

beforeAll(async () => {
  server = await TestServer.start();
  yard = await registerParticipant(server, 'yard', ['recycler'], 'GB', [['yard', 'GB']]);
});
afterAll(() => server?.close());

describe('at submission', () => {
  it.each([
    ['UK', 'use GB'],
    ['EL', 'use GR'],
    ['ZZ', 'not an officially assigned'],
    ['XK', 'not an officially assigned'],
    ['EU', 'not an officially assigned'],
  ])('refuses origin country %s (%s) with its path, and changes nothing', async (country, hint) => {
    const size = await server.logSize();
    const res = await act(server, yard, 'batch.register', {
      batch: { id: `scrap-${country}`, material: 'copper', form: 'scrap', massG: t(1), site: 'yard' },
      origin: { kind: 'post-consumer', country },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_event');
    expect(res.body.path).toEqual(['event', 'origin', 'country']);
    expect(res.body.detail).toContain(hint);
    expect(await server.logSize()).toBe(size);
  });

  it('refuses a site in UK when registering a participant', async () => {
    const res = await act(server, server.registrar, 'participant.register', {
      participant: participantFields('uk-yard', ['recycler'], 'GB', [['leeds', 'UK']], generateKeyPair().publicKey),
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('use GB');
    expect(res.body.path).toEqual(['event', 'participant', 'sites', 0, 'country']);
  });

  it('accepts GB and GR', async () => {
    for (const country of ['GB', 'GR']) {
      const res = await act(server, yard, 'batch.register', {
        batch: { id: `ok-${country}`, material: 'copper', form: 'scrap', massG: t(1), site: 'yard' },
        origin: { kind: 'post-consumer', country },
      });
      expect(res.status, res.text).toBe(201);
    }
  });
});

describe('at server start', () => {
  it('TALLY_HOME_COUNTRY=UK is refused, naming GB, before anything is written', async () => {
    expect(() => readConfig({ TALLY_HOME_COUNTRY: 'UK' })).toThrow(/TALLY_HOME_COUNTRY.*use GB/);
    const dataDir = await mkdtemp(join(tmpdir(), 'tally-country-'));
    try {
      const config = { port: 0, host: '127.0.0.1', dataDir, origin: 'country.test/log', homeCountry: 'UK', registrarKey: undefined, backgroundCheck: false };
      await expect(startServer(config, () => {})).rejects.toThrow(/TALLY_HOME_COUNTRY: UK .*use GB/);
      expect(await readdir(dataDir)).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('the list', () => {
  it('holds the 249 officially assigned codes', () => {
    expect(ASSIGNED_COUNTRIES.size).toBe(249);
    for (const code of ['GB', 'GR', 'IE', 'CL', 'SS', 'BQ', 'AQ']) expect(countryProblem(code), code).toBeUndefined();
  });
});
