import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../ledger/encoding/bytes.js';
import { parseCheckpoint, parseVerifierKey } from '../../ledger/log/checkpoint.js';
import { entryHash, GENESIS_PREV } from '../../ledger/log/entry.js';
import { rootFromLeafHashes } from '../../ledger/merkle/compact.js';
import { verifyConsistency, verifyInclusion } from '../../ledger/merkle/verify.js';
import { toHex } from '../../ledger/encoding/bytes.js';
import type { Entry } from '../../schemas/entry.js';
import { kg, registerBatch, registerParticipant } from '../support/participants.js';
import { TestServer } from '../support/server.js';

/**
 * The public, verifiable face of the log: a client that trusts only the log key checks the
 * checkpoint, then every inclusion and consistency proof the server hands out, against entries it
 * fetched itself (SPEC 5 and 6).
 */

let server: TestServer;
let entries: Entry[];

beforeAll(async () => {
  server = await TestServer.start();
  const yard = await registerParticipant(server, 'yard-co', ['recycler'], 'GB', [['yard', 'GB']]);
  for (let i = 0; i < 6; i++) await registerBatch(server, yard, { id: `scrap-${i}`, massG: kg(100 + i), site: 'yard' });
  const page = await server.signedGet('/v1/entries?from=0&limit=1000', server.registrar.signer);
  expect(page.status).toBe(200);
  entries = page.body.entries as Entry[];
});
afterAll(() => server?.close());

describe('GET /v1/log and /v1/checkpoint', () => {
  it('describes the log, and the checkpoint signed by its key says the same', async () => {
    const log = await server.get('/v1/log');
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ origin: server.origin, homeCountry: 'GB', size: entries.length });
    expect(parseVerifierKey(log.body.logKey).name).toBe(server.origin);

    const checkpoint = await server.get('/v1/checkpoint');
    expect(checkpoint.status).toBe(200);
    expect(checkpoint.contentType).toMatch(/^text\/plain/);
    expect(parseCheckpoint(checkpoint.text, log.body.logKey)).toEqual({ origin: server.origin, size: entries.length, rootHash: log.body.rootHash });
  });

  it('has a root that is the RFC 6962 root of the entries as replayed', async () => {
    const log = await server.get('/v1/log');
    expect(toHex(rootFromLeafHashes(entries.map((e) => fromHex(entryHash(e)))))).toBe(log.body.rootHash);
  });
});

describe('GET /v1/entries (replay)', () => {
  it('returns every entry in order, chained by prev, starting at genesis', () => {
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
    expect(entries[0]!.prev).toBe(GENESIS_PREV);
    expect(entries[0]!.event.type).toBe('ledger.genesis');
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prev).toBe(entryHash(entries[i - 1]!));
  });

  it('pages with from and limit, never past the end', async () => {
    const page = await server.signedGet('/v1/entries?from=2&limit=3', server.registrar.signer);
    expect(page.body.entries.map((e: Entry) => e.seq)).toEqual([2, 3, 4]);
    const end = await server.signedGet(`/v1/entries?from=${entries.length}`, server.registrar.signer);
    expect(end.body).toEqual({ entries: [] });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['from=-1', 'from'],
    ['from=x', 'from'],
    ['cursor=3', 'cursor'],
  ])('refuses the query %s with invalid_query', async (query, field) => {
    const res = await server.signedGet(`/v1/entries?${query}`, server.registrar.signer);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_query');
    expect(res.body.path).toContain(field);
  });
});

describe('GET /v1/proofs/inclusion', () => {
  it('proves every entry into the current tree', async () => {
    const { size, rootHash } = (await server.get('/v1/log')).body;
    for (const entry of entries) {
      const res = await server.get(`/v1/proofs/inclusion?seq=${entry.seq}&size=${size}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ seq: entry.seq, size, leafHash: entryHash(entry) });
      verifyInclusion(fromHex(res.body.leafHash), entry.seq, size, res.body.proof.map(fromHex), fromHex(rootHash));
    }
  });

  it('proves an entry into an earlier tree', async () => {
    const size = 4;
    const root = rootFromLeafHashes(entries.slice(0, size).map((e) => fromHex(entryHash(e))));
    const res = await server.get(`/v1/proofs/inclusion?seq=1&size=${size}`);
    verifyInclusion(fromHex(res.body.leafHash), 1, size, res.body.proof.map(fromHex), root);
  });

  it.each([
    ['seq past the tree', (n: number) => `seq=${n}&size=${n}`, 'invalid_range'],
    ['size past the log', (n: number) => `seq=0&size=${n + 1}`, 'invalid_range'],
    ['empty tree', () => 'seq=0&size=0', 'invalid_range'],
    ['missing size', () => 'seq=0', 'invalid_query'],
    ['negative seq', () => 'seq=-1&size=2', 'invalid_query'],
    ['fractional seq', () => 'seq=0.5&size=2', 'invalid_query'],
    ['unknown parameter', () => 'seq=0&size=2&tree=1', 'invalid_query'],
  ])('refuses %s', async (_name, query, code) => {
    const res = await server.get(`/v1/proofs/inclusion?${query(entries.length)}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });
});

describe('GET /v1/proofs/consistency', () => {
  it('proves every earlier tree consistent with the current one', async () => {
    const leaves = entries.map((e) => fromHex(entryHash(e)));
    const n = entries.length;
    for (let m = 1; m <= n; m++) {
      const res = await server.get(`/v1/proofs/consistency?from=${m}&to=${n}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ from: m, to: n });
      verifyConsistency(m, n, res.body.proof.map(fromHex), rootFromLeafHashes(leaves.slice(0, m)), rootFromLeafHashes(leaves));
    }
  });

  it.each([
    ['from zero', (n: number) => `from=0&to=${n}`, 'invalid_range'],
    ['from after to', () => 'from=3&to=2', 'invalid_range'],
    ['to past the log', (n: number) => `from=1&to=${n + 1}`, 'invalid_range'],
    ['missing to', () => 'from=1', 'invalid_query'],
    ['non-numeric from', () => 'from=one&to=2', 'invalid_query'],
  ])('refuses %s', async (_name, query, code) => {
    const res = await server.get(`/v1/proofs/consistency?${query(entries.length)}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
  });
});
