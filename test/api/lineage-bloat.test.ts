import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../sdk/verify/index.js';
import { append, registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * Issue 9, item 10: an ancestor's custodian cannot bloat a buyer's bundle. A supplier splits a lot
 * off its heap and sells it, then spams `batch.attest` on the heap. Those entries come after the
 * lot's material left the heap, so they are not the lot's lineage: the buyer's provenance and
 * bundle stay what they were, and the buyer cannot read the spam.
 */

// More than a lineage page (64 own entries), so the cut-off is also read through a page.
const SPAM = 70;
let server: TestServer;
let supplier: Party;
let buyer: Party;
const seqs: number[] = [];
let before: { lineage: number[]; bundleEntries: number };

beforeAll(async () => {
  server = await TestServer.start();
  supplier = await registerParticipant(server, 'supplier', ['recycler'], 'GB', [['yard', 'GB']]);
  buyer = await registerParticipant(server, 'buyer', ['processor'], 'GB', [['works', 'GB']]);
  await registerBatch(server, supplier, { id: 'heap', massG: t(50), site: 'yard' });
  await append(server, supplier, 'batch.attest', { batch: 'heap', kind: 'assay', sha256: 'b'.repeat(64) });
  await append(server, supplier, 'batch.transfer', { batch: 'heap', to: buyer.id, toSite: 'works', split: { id: 'lot', massG: t(5) } });
  await append(server, buyer, 'batch.receive', { batch: 'lot', massG: t(5) });
  const provenance = await server.signedGet('/v1/batches/lot/provenance', buyer.signer);
  const bundle = await server.signedGet('/v1/batches/lot/bundle', buyer.signer);
  before = { lineage: provenance.body.lineage, bundleEntries: bundle.body.entries.length };
  for (let i = 0; i < SPAM; i++) {
    seqs.push(await append(server, supplier, 'batch.attest', { batch: 'heap', kind: 'inspection', sha256: i.toString(16).padStart(64, '0') }));
  }
});
afterAll(() => server?.close());

describe('attestations spammed on a parent after a split', () => {
  it('are not in the lot’s provenance lineage', async () => {
    const provenance = await server.signedGet('/v1/batches/lot/provenance', buyer.signer);
    expect(provenance.status).toBe(200);
    expect(provenance.body.lineage).toEqual(before.lineage);
    for (const seq of seqs) expect(provenance.body.lineage).not.toContain(seq);
  });

  it('do not grow the lot’s bundle, which still verifies', async () => {
    const bundle = await server.signedGet('/v1/batches/lot/bundle', buyer.signer);
    expect(bundle.status).toBe(200);
    expect(bundle.body.entries).toHaveLength(before.bundleEntries);
    const { logKey } = (await server.get('/v1/log')).body;
    const verified = await verifyBundle(bundle.body, logKey);
    expect(verified.batch).toMatchObject({ id: 'lot', massG: t(5), custodian: 'buyer' });
  });

  it('are not readable by the buyer, while the parent’s entries before the split are', async () => {
    for (const seq of seqs.slice(0, 5)) expect((await server.signedGet(`/v1/entries/${seq}`, buyer.signer)).status).toBe(404);
    for (const seq of before.lineage) expect((await server.signedGet(`/v1/entries/${seq}`, buyer.signer)).status).toBe(200);
  });

  it('are still the parent’s own lineage, for its custodian', async () => {
    const provenance = await server.signedGet('/v1/batches/heap/provenance', supplier.signer);
    expect(provenance.body.lineage).toEqual(expect.arrayContaining(seqs));
  });
});
