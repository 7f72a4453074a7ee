import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, keyIdOf } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { signRequest } from '../../sdk/request-signing.js';
import type { ErrorCode } from '../../schemas/errors/index.js';
import { append, kg, registerBatch, registerParticipant, signedEvent } from '../support/participants.js';
import { partyOf, TestServer, type ApiResponse, type Party } from '../support/server.js';

/**
 * Hostile and mistaken input, one case per way to be wrong. Each must be refused with its stable
 * status and code, and must change nothing: the log size is the same afterwards (SPEC 6, "a
 * failed request changes nothing").
 */

let server: TestServer;
let w: World;

interface World {
  yard: Party;
  mill: Party;
  outsider: Party;
  /** A participant whose first key was revoked; `revokedKey` still signs, but no longer counts. */
  rekeyed: Party & { revokedKey: ReturnType<typeof generateKeyPair> };
  /** An event already in the log, for id reuse. */
  attestation: ReturnType<typeof signedEvent>;
}

const FIVE_MINUTES = 5 * 60_000;

beforeAll(async () => {
  server = await TestServer.start();
  const yard = await registerParticipant(server, 'yard-co', ['recycler'], 'GB', [['yard', 'GB'], ['depot', 'GB']]);
  const mill = await registerParticipant(server, 'mill-co', ['processor'], 'GB', [['mill', 'GB']]);
  const outsider = await registerParticipant(server, 'outsider-co', ['trader'], 'GB', [['desk', 'GB']]);
  const first = await registerParticipant(server, 'rekey-co', ['recycler'], 'GB', [['plot', 'GB']]);
  const second = generateKeyPair();
  await append(server, first, 'participant.keys', { participant: first.id, add: [toBase64Url(second.publicKey)], revoke: [first.keyId] });
  const rekeyed = { ...partyOf(first.id, second), revokedKey: first.key };

  await registerBatch(server, yard, { id: 'scrap-1', massG: kg(100), site: 'yard' });
  await registerBatch(server, yard, { id: 'transit-1', massG: kg(50), site: 'yard' });
  await append(server, yard, 'batch.transfer', { batch: 'transit-1', to: mill.id, toSite: 'mill' });
  await registerBatch(server, yard, { id: 'melt-in', massG: kg(10), site: 'yard' });
  await append(server, yard, 'batch.transfer', { batch: 'melt-in', to: mill.id, toSite: 'mill' });
  await append(server, mill, 'batch.receive', { batch: 'melt-in', massG: kg(10) });
  const attestation = signedEvent(server, yard, 'batch.attest', { batch: 'scrap-1', kind: 'inspection', sha256: 'a'.repeat(64) }, { id: 'fixed-id' });
  expect((await server.submit(attestation)).status).toBe(201);
  w = { yard, mill, outsider, rekeyed, attestation };
});
afterAll(() => server?.close());

/** An envelope around an event that cannot be signed (JCS refuses it): the schema must refuse it first. */
function unsigned(event: Record<string, unknown>): Record<string, unknown> {
  return { event, keyId: w.yard.keyId, sig: 'A'.repeat(86) };
}

/** The common fields of an event by yard-co, for hand-built bodies. */
function base(type: string): Record<string, unknown> {
  return { v: 1, ledger: server.origin, id: server.eventId('bad'), type, actor: w.yard.id, at: new Date().toISOString() };
}

const register = (fields: Record<string, unknown> = {}) => ({
  batch: { id: server.eventId('new-batch'), material: 'copper', form: 'scrap', massG: kg(1), site: 'yard' },
  origin: { kind: 'post-consumer', country: 'GB' },
  ...fields,
});

/** Replaces the first occurrence of `from` in the JSON text of a signed register event. */
function registerText(from: string, to: string): string {
  const text = JSON.stringify(signedEvent(server, w.yard, 'batch.register', register({ note: 'MARK' })));
  return text.replace(from, to);
}

type Case = [name: string, status: number, code: ErrorCode, send: () => Promise<ApiResponse>];

const submit = (envelope: unknown) => () => server.submit(envelope);

const cases: Case[] = [
  // ---- signatures and identity ----
  ['tampered signature: mass changed after signing', 400, 'bad_signature', () => {
    const envelope = signedEvent(server, w.yard, 'batch.register', register());
    (envelope.event as unknown as { batch: { massG: number } }).batch.massG += 1;
    return server.submit(envelope);
  }],
  ['signature bytes altered', 400, 'bad_signature', () => {
    const envelope = signedEvent(server, w.yard, 'batch.register', register());
    return server.submit({ ...envelope, sig: (envelope.sig[0] === 'A' ? 'B' : 'A') + envelope.sig.slice(1) });
  }],
  ['signed by a wrong key under the actor’s keyId', 400, 'bad_signature', () =>
    server.submit({ ...signedEvent(server, w.yard, 'batch.register', register(), { key: generateKeyPair() }), keyId: w.yard.keyId })],
  ['signed by an unregistered key (its own keyId)', 403, 'unknown_signing_key', () =>
    server.submit(signedEvent(server, w.yard, 'batch.register', register(), { key: generateKeyPair() }))],
  ['signed with the key and keyId of another participant', 403, 'unknown_signing_key', () =>
    server.submit(signedEvent(server, w.yard, 'batch.register', register(), { key: w.mill.key }))],
  ['unknown actor', 403, 'unknown_actor', () => {
    const ghost = partyOf('ghost-co', generateKeyPair());
    return server.submit(signedEvent(server, ghost, 'batch.register', register()));
  }],
  ['signed with a revoked key', 403, 'signing_key_revoked', () =>
    server.submit(signedEvent(server, w.rekeyed, 'batch.register', register({ batch: { id: 'never', material: 'copper', form: 'scrap', massG: 1, site: 'plot' } }), { key: w.rekeyed.revokedKey }))],
  ['another ledger’s event', 422, 'wrong_ledger', () => server.submit(signedEvent(server, w.yard, 'batch.register', register(), { ledger: 'other.tally.test/log' }))],
  ['timestamp more than 5 minutes ahead', 422, 'event_in_future', () =>
    server.submit(signedEvent(server, w.yard, 'batch.register', register(), { at: new Date(Date.now() + FIVE_MINUTES + 60_000).toISOString() }))],
  ['timestamp not RFC 3339 UTC', 400, 'invalid_event', () => server.submit(signedEvent(server, w.yard, 'batch.register', register(), { at: '2026-03-01 09:30:00' }))],

  // ---- shape ----
  ['fractional mass', 400, 'invalid_event', () => server.submit(unsigned({ ...base('batch.register'), ...register({ batch: { id: 'b-frac', material: 'copper', form: 'scrap', massG: 1.5, site: 'yard' } }) }))],
  ['negative mass', 400, 'invalid_event', () => server.submit(signedEvent(server, w.yard, 'batch.register', register({ batch: { id: 'b-neg', material: 'copper', form: 'scrap', massG: -5, site: 'yard' } })))],
  ['zero mass', 400, 'invalid_event', () => server.submit(signedEvent(server, w.yard, 'batch.register', register({ batch: { id: 'b-zero', material: 'copper', form: 'scrap', massG: 0, site: 'yard' } })))],
  ['huge mass beyond 2^53-1', 400, 'invalid_event', () => server.submit(registerText('"massG":1000', '"massG":9007199254740993'))],
  ['mass as a string', 400, 'invalid_event', () => server.submit(registerText('"massG":1000', '"massG":"1000"'))],
  ['lone surrogate in a string', 400, 'invalid_event', () => server.submit(registerText('"MARK"', '"\\ud800"'))],
  ['unknown event type', 400, 'invalid_event', () => server.submit(signedEvent(server, w.yard, 'batch.teleport', { batch: 'scrap-1' }))],
  ['unknown field', 400, 'invalid_event', () => server.submit(signedEvent(server, w.yard, 'batch.register', register({ colour: 'red' })))],
  ['protocol version 2', 400, 'invalid_event', () => server.submit(registerText('"v":1', '"v":2'))],
  ['id with a slash', 400, 'invalid_event', () => server.submit(signedEvent(server, w.yard, 'batch.register', register(), { id: 'a/b' }))],
  ['envelope without sig', 400, 'invalid_event', () => {
    const { sig: _sig, ...rest } = signedEvent(server, w.yard, 'batch.register', register());
    return server.submit(rest);
  }],
  ['body is a JSON array', 400, 'invalid_event', submit('[]')],
  ['body is JSON null', 400, 'invalid_event', submit('null')],
  ['malformed JSON', 400, 'malformed_json', submit('{"event": {"v": 1,')],
  ['huge JSON over the body limit', 413, 'payload_too_large', submit(JSON.stringify({ event: { note: 'x'.repeat(300_000) } }))],
  ['deeply nested JSON', 400, 'invalid_event', submit(`{"event":{"note":${'['.repeat(5000)}${']'.repeat(5000)}}}`)],
  ['wrong content type', 415, 'unsupported_media_type', () =>
    server.request('POST', '/v1/events', { body: JSON.stringify(signedEvent(server, w.yard, 'batch.register', register())), headers: { 'content-type': 'text/plain' } })],
  ['ledger.genesis submitted again', 409, 'genesis_out_of_place', async () => {
    const { logKey } = (await server.get('/v1/log')).body;
    const registrar = { id: 'registrar', name: 'Usurper', country: 'GB', keys: [toBase64Url(generateKeyPair().publicKey)] };
    return server.submit(unsigned({ ...base('ledger.genesis'), actor: 'log', homeCountry: 'GB', logKey, registrar }));
  }],

  // ---- participants ----
  ['participant.register by a non-registrar', 403, 'role_not_permitted', () =>
    server.submit(signedEvent(server, w.yard, 'participant.register', {
      participant: { id: 'fake-co', name: 'Fake', roles: ['auditor'], country: 'GB', sites: [], keys: [toBase64Url(generateKeyPair().publicKey)] },
    }))],
  ['small-order public key', 400, 'weak_public_key', () =>
    server.submit(signedEvent(server, server.registrar, 'participant.register', {
      // The identity point (y = 1): a valid encoding of a point of order 1.
      participant: { id: 'weak-co', name: 'Weak', roles: ['trader'], country: 'GB', sites: [], keys: [toBase64Url(Uint8Array.from([1, ...new Array(31).fill(0)]))] },
    }))],

  // ---- custody rules ----
  ['register by a participant without a registering role', 403, 'role_not_permitted', () =>
    server.submit(signedEvent(server, w.mill, 'batch.register', register({ batch: { id: 'b-mill', material: 'copper', form: 'scrap', massG: 1, site: 'mill' } })))],
  ['register at a site that is not the actor’s', 404, 'unknown_site', () =>
    server.submit(signedEvent(server, w.yard, 'batch.register', register({ batch: { id: 'b-site', material: 'copper', form: 'scrap', massG: 1, site: 'mill' } })))],
  ['register an existing batch id', 409, 'batch_exists', () =>
    server.submit(signedEvent(server, w.yard, 'batch.register', register({ batch: { id: 'scrap-1', material: 'copper', form: 'scrap', massG: 1, site: 'yard' } })))],
  ['recycled from an individual without an identity check', 422, 'supplier_identity_unverified', () =>
    server.submit(signedEvent(server, w.yard, 'batch.register', register({ supplier: { kind: 'individual', ref: 'c'.repeat(64) } })))],
  ['event id reused with other content', 409, 'event_conflict', () =>
    server.submit(signedEvent(server, w.yard, 'batch.attest', { batch: 'scrap-1', kind: 'inspection', sha256: 'b'.repeat(64) }, { id: w.attestation.event.id }))],
  ['transfer by a non-custodian', 403, 'not_custodian', () => server.submit(signedEvent(server, w.outsider, 'batch.transfer', { batch: 'scrap-1', to: w.outsider.id, toSite: 'desk' }))],
  ['transfer of an unknown batch', 404, 'unknown_batch', () => server.submit(signedEvent(server, w.yard, 'batch.transfer', { batch: 'no-such-batch', to: w.mill.id, toSite: 'mill' }))],
  ['transfer of a batch in transit', 409, 'batch_not_active', () => server.submit(signedEvent(server, w.yard, 'batch.transfer', { batch: 'transit-1', to: w.outsider.id, toSite: 'desk' }))],
  ['split of more than the batch holds', 422, 'insufficient_mass', () =>
    server.submit(signedEvent(server, w.yard, 'batch.transfer', { batch: 'scrap-1', to: w.mill.id, toSite: 'mill', split: { id: 'too-big', massG: kg(101) } }))],
  ['split of the whole batch', 422, 'split_whole_batch', () =>
    server.submit(signedEvent(server, w.yard, 'batch.transfer', { batch: 'scrap-1', to: w.mill.id, toSite: 'mill', split: { id: 'all-of-it', massG: kg(100) } }))],
  ['receive by a participant that is not the recipient', 403, 'not_recipient', () => server.submit(signedEvent(server, w.outsider, 'batch.receive', { batch: 'transit-1', massG: kg(50) }))],
  ['receive of more than was sent', 422, 'receive_exceeds_sent', () => server.submit(signedEvent(server, w.mill, 'batch.receive', { batch: 'transit-1', massG: kg(51) }))],
  ['transform whose outputs exceed its inputs', 422, 'outputs_exceed_inputs', () =>
    server.submit(signedEvent(server, w.mill, 'batch.transform', {
      process: 'melt', site: 'mill', inputs: [{ batch: 'melt-in', massG: kg(10) }], outputs: [{ id: 'ingot-x', material: 'copper', form: 'ingot', massG: kg(10) + 1 }],
    }))],
  ['export to the home country', 422, 'export_to_home_country', () =>
    server.submit(signedEvent(server, w.yard, 'batch.export', { batch: 'scrap-1', destination: { country: 'GB', consignee: 'Home Ltd' } }))],
  ['adjust upwards', 422, 'adjust_not_downwards', () => server.submit(signedEvent(server, w.yard, 'batch.adjust', { batch: 'scrap-1', massG: kg(100) + 1, reason: 'reweighed' }))],
];

describe('POST /v1/events refuses bad input and changes nothing', () => {
  it.each(cases)('%s -> %i %s', async (_name, status, code, send) => {
    const before = await server.logSize();
    const res = await send();
    expect(res.status, res.text).toBe(status);
    expect(res.body.code).toBe(code);
    expect(await server.logSize()).toBe(before);
  });
});

/**
 * Signed reads and claims: a request signature is bound to one request (method, URI, body) and to
 * a 5 minute window, so a captured signature cannot be replayed later or onto another request.
 */
describe('request signatures that are replayed or misapplied are refused', () => {
  const claims = (batch: string) => ({ batch, claims: [{ kind: 'recycled', atLeast: 0.5 }] });

  const signatureCases: Array<[name: string, send: () => Promise<ApiResponse>]> = [
    ['replayed after the 5 minute window', () => server.signedPost('/v1/claims/verify', claims('scrap-1'), w.yard.signer, new Date(Date.now() - FIVE_MINUTES - 30_000))],
    ['replayed with another body', () => {
      const url = `${server.url}/v1/claims/verify`;
      const headers = signRequest({ method: 'POST', url, body: JSON.stringify(claims('scrap-1')) }, w.yard.signer);
      return server.request('POST', '/v1/claims/verify', { body: JSON.stringify(claims('transit-1')), headers });
    }],
    ['replayed on another path', () => {
      const headers = signRequest({ method: 'GET', url: `${server.url}/v1/batches/scrap-1` }, w.yard.signer);
      return server.request('GET', '/v1/batches/transit-1', { headers });
    }],
    ['keyid of another participant', () => server.signedGet('/v1/batches/scrap-1', { ...w.yard.signer, participant: w.mill.id })],
    ['unknown keyid', () => server.signedGet('/v1/batches/scrap-1', { ...w.yard.signer, keyId: keyIdOf(generateKeyPair().publicKey) })],
  ];

  it.each(signatureCases)('%s -> 401 unauthenticated', async (_name, send) => {
    const before = await server.logSize();
    const res = await send();
    expect(res.status, res.text).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
    expect(await server.logSize()).toBe(before);
  });
});
