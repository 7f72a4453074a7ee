import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { append, registerBatch, registerParticipant } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Issue 9, item 12: claims compared inexactly. A rod of 220 g holding 150 g of recycled copper has
 * a recycled share of 150/220 = 0.681818... (18 repeating). `atLeast: 0.681818181818181819` is a
 * hair above it and must not hold, although the nearest double to it is below 150/220 as a double.
 * The server compares against the decimal as written: a JSON number's own text, or a decimal string.
 */

let server: TestServer;
let works: Party;

beforeAll(async () => {
  server = await TestServer.start();
  works = await registerParticipant(server, 'works', ['recycler', 'processor'], 'GB', [['mill', 'GB']]);
  await registerBatch(server, works, { id: 'scrap', massG: 150, site: 'mill' });
  await registerBatch(server, works, { id: 'cathode', massG: 70, site: 'mill', origin: { kind: 'primary', country: 'CL' } });
  await append(server, works, 'batch.transform', {
    process: 'melt and roll',
    site: 'mill',
    inputs: [{ batch: 'scrap', massG: 150 }, { batch: 'cathode', massG: 70 }],
    outputs: [{ id: 'rod', material: 'copper', form: 'rod', massG: 220 }],
  });
});
afterAll(() => server?.close());

/** POSTs the claims body exactly as `text` (so numbers go on the wire as written). */
async function claim(atLeastText: string) {
  const body = `{"batch":"rod","claims":[{"kind":"recycled","atLeast":${atLeastText}}]}`;
  const res = await server.request('POST', '/v1/claims/verify', { body, signer: works.signer });
  return res;
}

describe('recycled share 150/220 against claims at its edge', () => {
  it.each([
    ['0.681818181818181819', false, 'a hair above 150/220, as a JSON number'],
    ['"0.681818181818181819"', false, 'the same as a decimal string'],
    ['0.681818181818181818', true, 'a hair below'],
    ['"0.681818181818181818"', true, 'a hair below, as a string'],
    ['0.68181818181818181818181818181818181818181818182', false, 'above, with 47 digits'],
    ['0.6818181818181818181818181818181818181818181818', true, 'below, with 46 digits'],
    ['6.81818181818181819e-1', false, 'with an exponent'],
    ['0.6818', true, 'four digits'],
    ['0.6819', false, 'four digits, above'],
    ['1', false, 'all of it'],
    ['0', true, 'nothing'],
  ])('atLeast %s holds=%s (%s)', async (text, holds) => {
    const res = await claim(text);
    expect(res.status, res.text).toBe(200);
    expect(res.body.results[0].holds).toBe(holds);
  });

  it.each([
    ['"1.0000000000000000001"', 'above 1'],
    ['"0.5 "', 'not a decimal'],
    ['"0x1"', 'not a decimal'],
    ['"1e-100"', 'an exponent beyond the bound'],
    [`"0.${'3'.repeat(80)}"`, 'more digits than the bound'],
    ['1.5', 'above 1, as a number'],
  ])('refuses atLeast %s (%s) with invalid_query at its path', async (text) => {
    const res = await claim(text);
    expect(res.status, res.text).toBe(400);
    expect(res.body.code).toBe('invalid_query');
    expect(res.body.path).toEqual(['claims', 0, 'atLeast']);
  });
});
