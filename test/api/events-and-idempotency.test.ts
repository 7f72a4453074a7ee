import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { entryHash } from '../../ledger/log/entry.js';
import type { Entry } from '../../schemas/entry.js';
import { act, append, kg, registerBatch, registerParticipant, signedEvent } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * POST /v1/events (SPEC 3 and 6): 201 with `{ seq, hash }` on append, 200 with the same body for
 * an identical resubmission (even after a restart), 409 for the same id with other content. The
 * stored entry is exactly what was signed, chained and stamped by the server.
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

async function entryAt(seq: number): Promise<Entry> {
  const res = await server.signedGet(`/v1/entries/${seq}`, server.registrar.signer);
  expect(res.status).toBe(200);
  return res.body as Entry;
}

describe('appending', () => {
  it('answers 201 with the seq and hash of the new entry, which holds exactly the signed event', async () => {
    const size = await server.logSize();
    const envelope = signedEvent(server, yard, 'batch.register', { batch: { id: 'b-append', material: 'copper', form: 'scrap', massG: kg(5), site: 'yard' }, origin: { kind: 'post-consumer', country: 'GB' } });
    const res = await server.submit(envelope);
    expect(res.status).toBe(201);
    expect(res.body.seq).toBe(size);
    expect(await server.logSize()).toBe(size + 1);

    const entry = await entryAt(res.body.seq);
    expect(Object.keys(entry).sort()).toEqual(['event', 'keyId', 'prev', 'recordedAt', 'seq', 'sig']);
    expect(entry).toMatchObject({ seq: size, event: envelope.event, keyId: envelope.keyId, sig: envelope.sig });
    expect(entryHash(entry)).toBe(res.body.hash);
    expect(entry.prev).toBe(entryHash(await entryAt(size - 1)));
  });

  it('accepts every event type a client signs', async () => {
    const extra = generateKeyPair();
    await append(server, server.registrar, 'participant.update', {
      participant: { id: mill.id, name: 'Mill Co (renamed)', roles: ['processor'], country: 'GB', sites: [{ id: 'mill', name: 'Main mill', country: 'GB' }] },
    });
    await append(server, mill, 'participant.keys', { participant: mill.id, add: [toBase64Url(extra.publicKey)], revoke: [] });
    await registerBatch(server, yard, { id: 'b-life', massG: kg(100), site: 'yard' });
    await append(server, yard, 'batch.attest', { batch: 'b-life', kind: 'assay', sha256: 'a'.repeat(64), summary: 'Cu 99.1%' });
    await append(server, yard, 'batch.adjust', { batch: 'b-life', massG: kg(98), reason: 'weighbridge recalibrated' });
    await append(server, yard, 'batch.transfer', { batch: 'b-life', to: mill.id, toSite: 'mill' });
    await append(server, mill, 'batch.reject', { batch: 'b-life', reason: 'wrong grade' });
    await append(server, yard, 'batch.transfer', { batch: 'b-life', to: mill.id, toSite: 'mill', split: { id: 'b-life-lot', massG: kg(60) } });
    await append(server, mill, 'batch.receive', { batch: 'b-life-lot', massG: kg(59) });
    await append(server, mill, 'batch.transform', {
      process: 'remelt',
      site: 'mill',
      inputs: [{ batch: 'b-life-lot', massG: kg(59) }],
      outputs: [{ id: 'ingot-1', material: 'copper', form: 'ingot', massG: kg(30) }, { id: 'ingot-2', material: 'copper', form: 'ingot', massG: kg(25) }],
    });
    await append(server, mill, 'batch.retire', { batch: 'ingot-1', massG: kg(10), reason: 'incorporated', product: { sku: 'CBL-1', name: 'Cable' } });
    await append(server, mill, 'batch.export', { batch: 'ingot-2', destination: { country: 'DE', consignee: 'Kupfer GmbH' } });

    const batch = async (id: string) => (await server.signedGet(`/v1/batches/${id}`, server.registrar.signer)).body;
    expect(await batch('b-life')).toMatchObject({ massG: kg(38), status: 'active', custodian: yard.id });
    expect(await batch('b-life-lot')).toMatchObject({ massG: 0, status: 'consumed' });
    expect(await batch('ingot-1')).toMatchObject({ massG: kg(20), status: 'active' });
    expect(await batch('ingot-2')).toMatchObject({ status: 'exported' });
  });
});

describe('the participant directory (public)', () => {
  it('lists every participant, and shows one as its events left it', async () => {
    const list = await server.get('/v1/participants');
    expect(list.body.participants.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['registrar', yard.id, mill.id]));
    const res = await server.get(`/v1/participants/${mill.id}`);
    expect(res.status).toBe(200);
    // Renamed by participant.update and given a second key by participant.keys, above.
    expect(res.body).toMatchObject({ id: mill.id, name: 'Mill Co (renamed)', roles: ['processor'], country: 'GB', sites: [{ id: 'mill', name: 'Main mill', country: 'GB' }] });
    expect(res.body.keys.map((k: { keyId: string }) => k.keyId)).toContain(mill.keyId);
    expect(res.body.keys).toHaveLength(2);
  });
});

describe('idempotency', () => {
  it('answers an identical resubmission 200 with the same body, before and after a restart', async () => {
    const envelope = signedEvent(server, yard, 'batch.register', { batch: { id: 'b-idem', material: 'copper', form: 'scrap', massG: kg(7), site: 'yard' }, origin: { kind: 'pre-consumer', country: 'GB' } });
    const first = await server.submit(envelope);
    expect(first.status).toBe(201);
    const size = await server.logSize();

    const again = await server.submit(envelope);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    await server.restart();
    const afterRestart = await server.submit(envelope);
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body).toEqual(first.body);
    expect(await server.logSize()).toBe(size);
  });

  it('refuses the same id with other content with 409 event_conflict at event.id', async () => {
    const fields = (massG: number) => ({ batch: { id: 'b-conflict', material: 'copper', form: 'scrap', massG, site: 'yard' }, origin: { kind: 'pre-consumer', country: 'GB' } });
    expect((await act(server, yard, 'batch.register', fields(kg(1)), { id: 'reg-conflict' })).status).toBe(201);
    const size = await server.logSize();
    const res = await act(server, yard, 'batch.register', fields(kg(2)), { id: 'reg-conflict' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'event_conflict', path: ['event', 'id'] });
    expect(await server.logSize()).toBe(size);
  });
});

describe('request log', () => {
  it('writes one structured line per request, with the problem code and the signed caller', async () => {
    const before = server.lines.length;
    await server.get('/v1/log');
    await server.submit('{');
    await server.signedGet('/v1/batches/b-append', yard.signer);
    // The line is written when the response has finished, which the client may see first.
    await vi.waitFor(() => expect(server.lines.length).toBe(before + 3));
    expect(server.lines.slice(before)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/v1/log', status: 200 }),
      expect.objectContaining({ method: 'POST', path: '/v1/events', status: 400, code: 'malformed_json' }),
      expect.objectContaining({ method: 'GET', path: '/v1/batches/b-append', status: 200, caller: yard.id }),
    ]);
    for (const line of server.lines.slice(before)) expect(typeof line['ms']).toBe('number');
  });
});
