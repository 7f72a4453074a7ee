import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kg, registerBatch, registerParticipant, signedEvent } from '../support/participants.js';
import { TestServer, type ApiResponse, type Party } from '../support/server.js';

/**
 * Many clients racing to spend the same batch. The append pipeline serialises them, so exactly as
 * many succeed as the mass allows, every other one gets a problem with the code of the rule it
 * broke, the log grows by the successes only, and the mass adds up afterwards.
 */

let server: TestServer;
let yard: Party;
let mill: Party;

beforeAll(async () => {
  server = await TestServer.start();
  yard = await registerParticipant(server, 'yard-co', ['recycler'], 'GB', [['yard', 'GB']]);
  mill = await registerParticipant(server, 'mill-co', ['processor'], 'GB', [['mill', 'GB']]);
});
afterAll(() => server?.close());

const RACERS = 40;

/** Submits every envelope at once; returns the responses and the log growth. */
async function race(envelopes: unknown[]): Promise<{ responses: ApiResponse[]; grown: number }> {
  const before = await server.logSize();
  const responses = await Promise.all(envelopes.map((envelope) => server.submit(envelope)));
  return { responses, grown: (await server.logSize()) - before };
}

function countBy(responses: ApiResponse[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const res of responses) {
    const key = res.status < 300 ? String(res.status) : `${res.status} ${res.body.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function batch(id: string) {
  return (await server.signedGet(`/v1/batches/${id}`, server.registrar.signer)).body;
}

describe('racing spends of one batch of 100 kg', () => {
  it(`${RACERS} retires of 10 kg: 10 succeed, the rest find the batch retired`, async () => {
    await registerBatch(server, yard, { id: 'b-retire', massG: kg(100), site: 'yard' });
    const envelopes = Array.from({ length: RACERS }, () => signedEvent(server, yard, 'batch.retire', { batch: 'b-retire', massG: kg(10), reason: 'incorporated' }));
    const { responses, grown } = await race(envelopes);
    expect(countBy(responses)).toEqual({ '201': 10, '409 batch_not_active': RACERS - 10 });
    expect(grown).toBe(10);
    // The last retire took the whole remainder: the retired state keeps its last 10 kg.
    expect(await batch('b-retire')).toMatchObject({ status: 'retired', massG: kg(10) });
  });

  it(`${RACERS} split transfers of 10 kg: 9 succeed, the rest would send the whole batch`, async () => {
    await registerBatch(server, yard, { id: 'b-split', massG: kg(100), site: 'yard' });
    const envelopes = Array.from({ length: RACERS }, (_, i) =>
      signedEvent(server, yard, 'batch.transfer', { batch: 'b-split', to: mill.id, toSite: 'mill', split: { id: `b-split-${i}`, massG: kg(10) } }),
    );
    const { responses, grown } = await race(envelopes);
    expect(countBy(responses)).toEqual({ '201': 9, '422 split_whole_batch': RACERS - 9 });
    expect(grown).toBe(9);

    const parts = await Promise.all(responses.map(async (res, i) => (res.status === 201 ? (await batch(`b-split-${i}`)).massG : 0)));
    expect(parts.reduce((sum, m) => sum + m, 0)).toBe(kg(90));
    expect((await batch('b-split')).massG).toBe(kg(10));
  });

  it(`${RACERS} whole transfers: one succeeds, the rest find the batch in transit`, async () => {
    await registerBatch(server, yard, { id: 'b-whole', massG: kg(100), site: 'yard' });
    const envelopes = Array.from({ length: RACERS }, () => signedEvent(server, yard, 'batch.transfer', { batch: 'b-whole', to: mill.id, toSite: 'mill' }));
    const { responses, grown } = await race(envelopes);
    expect(countBy(responses)).toEqual({ '201': 1, '409 batch_not_active': RACERS - 1 });
    expect(grown).toBe(1);
    expect(await batch('b-whole')).toMatchObject({ status: 'in-transit', massG: kg(100) });
  });
});

describe('racing resubmissions of one envelope', () => {
  it('append it once: one 201, every other answer 200 with the same seq and hash', async () => {
    const envelope = signedEvent(server, yard, 'batch.register', { batch: { id: 'b-dup', material: 'copper', form: 'scrap', massG: kg(1), site: 'yard' }, origin: { kind: 'post-consumer', country: 'GB' } });
    const { responses, grown } = await race(Array.from({ length: 20 }, () => envelope));
    expect(countBy(responses)).toEqual({ '201': 1, '200': 19 });
    expect(grown).toBe(1);
    expect(new Set(responses.map((res) => JSON.stringify(res.body))).size).toBe(1);
  });
});
