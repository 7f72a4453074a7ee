import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { signBytes } from '../../ledger/crypto/signature.js';
import { toBase64, toBase64Url, utf8Encode } from '../../ledger/encoding/bytes.js';
import { signRequest } from '../../sdk/request-signing.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import { append, deliver, registerBatch, registerParticipant, t } from '../support/participants.js';
import { partyOf, TestServer, type Party } from '../support/server.js';

/**
 * Who may see what (SPEC 6). Two scrap merchants supply a rod mill; the mill sells a lot of rod to
 * a cable maker and has a second lot on its way to it. A buyer sees its batches and their whole
 * upstream lineage; a supplier sees what it held but not what its buyer made of it; a bystander
 * sees nothing; auditors and the registrar see everything. A signed caller that may not see a
 * resource gets the same 404 as for one that does not exist, so ids do not leak.
 */

let server: TestServer;
const p = {} as Record<'merchantA' | 'merchantB' | 'mill' | 'cableMaker' | 'bystander' | 'refuser' | 'rival' | 'auditor' | 'registrar', Party>;
const seqs = {} as Record<'registerA' | 'registerB' | 'melt' | 'sale' | 'receipt' | 'misdirect' | 'recall' | 'rivalSale' | 'rivalReceipt' | 'offer' | 'refusal', number>;
/** The bystander's first key, revoked when it rotated to the key in `p.bystander`. */
let revokedSigner: Party['signer'];

beforeAll(async () => {
  server = await TestServer.start();
  p.registrar = server.registrar;
  p.merchantA = await registerParticipant(server, 'merchant-a', ['recycler'], 'GB', [['a-yard', 'GB']]);
  p.merchantB = await registerParticipant(server, 'merchant-b', ['recycler'], 'GB', [['b-yard', 'GB']]);
  p.mill = await registerParticipant(server, 'rod-mill', ['processor'], 'GB', [['mill', 'GB']]);
  p.cableMaker = await registerParticipant(server, 'cable-maker', ['fabricator'], 'GB', [['plant', 'GB']]);
  p.auditor = await registerParticipant(server, 'auditor-co', ['auditor'], 'GB');
  const bystander = await registerParticipant(server, 'bystander', ['trader'], 'GB', [['desk', 'GB']]);
  const rotated = generateKeyPair();
  await append(server, bystander, 'participant.keys', { participant: bystander.id, add: [toBase64Url(rotated.publicKey)], revoke: [bystander.keyId] });
  revokedSigner = bystander.signer;
  p.bystander = partyOf(bystander.id, rotated);

  seqs.registerA = await registerBatch(server, p.merchantA, { id: 'scrap-a', massG: t(10), site: 'a-yard' });
  seqs.registerB = await registerBatch(server, p.merchantB, { id: 'scrap-b', massG: t(10), site: 'b-yard', origin: { kind: 'pre-consumer', country: 'GB' } });
  await deliver(server, p.merchantA, 'scrap-a', p.mill, 'mill', t(10));
  await deliver(server, p.merchantB, 'scrap-b', p.mill, 'mill', t(10));
  seqs.melt = await append(server, p.mill, 'batch.transform', {
    process: 'melt and roll',
    site: 'mill',
    inputs: [{ batch: 'scrap-a', massG: t(10) }, { batch: 'scrap-b', massG: t(10) }],
    outputs: [{ id: 'rod', material: 'copper', form: 'rod', massG: t(19) }],
  });
  seqs.sale = await append(server, p.mill, 'batch.transfer', { batch: 'rod', to: p.cableMaker.id, toSite: 'plant', split: { id: 'rod-lot', massG: t(4) } });
  seqs.receipt = await append(server, p.cableMaker, 'batch.receive', { batch: 'rod-lot', massG: t(4) });
  await append(server, p.mill, 'batch.transfer', { batch: 'rod', to: p.cableMaker.id, toSite: 'plant', split: { id: 'rod-lot-2', massG: t(2) } });

  // SPEC 3.2: a transfer sent to the wrong participant and recalled at once, then sold to a rival;
  // and one the recipient refuses. Neither recipient is left seeing anything.
  p.refuser = await registerParticipant(server, 'refuser', ['fabricator'], 'GB', [['works', 'GB']]);
  p.rival = await registerParticipant(server, 'rival', ['fabricator'], 'GB', [['rival-plant', 'GB']]);
  seqs.misdirect = await append(server, p.mill, 'batch.transfer', { batch: 'rod', to: p.bystander.id, toSite: 'desk', split: { id: 'rod-recalled', massG: t(1) } });
  seqs.recall = await append(server, p.mill, 'batch.reject', { batch: 'rod-recalled', reason: 'sent to the wrong customer' });
  seqs.rivalSale = await append(server, p.mill, 'batch.transfer', { batch: 'rod-recalled', to: p.rival.id, toSite: 'rival-plant' });
  seqs.rivalReceipt = await append(server, p.rival, 'batch.receive', { batch: 'rod-recalled', massG: t(1) });
  seqs.offer = await append(server, p.mill, 'batch.transfer', { batch: 'rod', to: p.refuser.id, toSite: 'works', split: { id: 'rod-refused', massG: t(1) } });
  seqs.refusal = await append(server, p.refuser, 'batch.reject', { batch: 'rod-refused', reason: 'not what we ordered' });
});
afterAll(() => server?.close());

const BATCHES = ['scrap-a', 'scrap-b', 'rod', 'rod-lot', 'rod-lot-2', 'rod-recalled', 'rod-refused'] as const;
type Who = keyof typeof p;

/** Who may see which batch, and why. */
const VISIBLE: Record<Who, ReadonlyArray<(typeof BATCHES)[number]>> = {
  merchantA: ['scrap-a'], // held it; not what the mill made of it, nor a competitor's scrap in the same melt
  merchantB: ['scrap-b'],
  mill: [...BATCHES], // held all of them
  cableMaker: ['scrap-a', 'scrap-b', 'rod', 'rod-lot', 'rod-lot-2'], // holds rod-lot, rod-lot-2 is in transit to it, and their upstream
  bystander: [], // rod-recalled was sent to it and recalled: it never held it (SPEC 3.2)
  refuser: [], // refused rod-refused: it never held it
  rival: ['scrap-a', 'scrap-b', 'rod', 'rod-recalled'], // bought rod-recalled after the recall, and its upstream
  auditor: [...BATCHES],
  registrar: [...BATCHES],
};

const matrix = (Object.keys(VISIBLE) as Who[]).flatMap((who) => BATCHES.map((batch) => [who, batch, VISIBLE[who].includes(batch)] as const));

describe('batches: state, provenance, lineage and claims', () => {
  it.each(matrix)('%s on %s: visible=%s', async (who, batch, visible) => {
    const signer = p[who].signer;
    const status = visible ? 200 : 404;
    for (const view of ['', '/provenance', '/lineage?direction=up', '/bundle']) {
      const path = `/v1/batches/${batch}${view}`;
      const res = await server.signedGet(path, signer);
      expect(res.status, `${who} GET ${path}`).toBe(status);
      if (!visible) expect(res.body.code).toBe('not_found');
    }
    const claims = await server.signedPost('/v1/claims/verify', { batch, claims: [{ kind: 'recycled', atLeast: 0.5 }] }, signer);
    expect(claims.status, `${who} claims on ${batch}`).toBe(status);
  });

  it('answers an invisible batch exactly as a batch that does not exist', async () => {
    const hidden = await server.signedGet('/v1/batches/rod', p.merchantA.signer);
    const missing = await server.signedGet('/v1/batches/no-such-batch', p.merchantA.signer);
    const missingForAuditor = await server.signedGet('/v1/batches/no-such-batch', p.auditor.signer);
    for (const res of [hidden, missing, missingForAuditor]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect(Object.keys(hidden.body).sort()).toEqual(Object.keys(missing.body).sort());
  });

  it('shows a buyer the whole upstream lineage of its batch', async () => {
    const res = await server.signedGet('/v1/batches/rod-lot/lineage?direction=up', p.cableMaker.signer);
    expect(res.body.nodes.map((n: { id: string }) => n.id)).toEqual(['rod', 'rod-lot', 'scrap-a', 'scrap-b']);
    const provenance = await server.signedGet('/v1/batches/rod-lot/provenance', p.cableMaker.signer);
    expect(provenance.body.lineage).toEqual(expect.arrayContaining([seqs.registerA, seqs.registerB, seqs.melt, seqs.sale]));
    // Every entry of the lineage is readable by the buyer, or it could not check the claim.
    for (const seq of provenance.body.lineage as number[]) expect((await server.signedGet(`/v1/entries/${seq}`, p.cableMaker.signer)).status).toBe(200);
  });

  it('gives a buyer an audit bundle of its batch that verifies offline with only the log key', async () => {
    const { logKey } = (await server.get('/v1/log')).body;
    const res = await server.signedGet('/v1/batches/rod-lot/bundle', p.cableMaker.signer);
    // Sent as bytes the route wrote itself (serialize.ts): the type must still say UTF-8 JSON.
    expect(res.contentType).toBe('application/json; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
    const verified = await verifyBundle(res.body, logKey);
    expect(verified.batch).toMatchObject({ id: 'rod-lot', massG: t(4), custodian: 'cable-maker' });
    expect(verified.seqs).toEqual(expect.arrayContaining([0, seqs.registerA, seqs.registerB, seqs.melt, seqs.sale, seqs.receipt]));
  });

  it('shows a supplier its batch downstream only as far as it may see', async () => {
    const supplier = await server.signedGet('/v1/batches/scrap-a/lineage?direction=down', p.merchantA.signer);
    expect(supplier.body.nodes.map((n: { id: string }) => n.id)).toEqual(['scrap-a']);
    expect(supplier.body.edges).toEqual([]);
    const auditor = await server.signedGet('/v1/batches/scrap-a/lineage?direction=down', p.auditor.signer);
    expect(auditor.body.nodes.map((n: { id: string }) => n.id)).toEqual(['rod', 'rod-lot', 'rod-lot-2', 'rod-recalled', 'rod-refused', 'scrap-a']);
    // The rival bought rod-recalled: downstream of scrap-a it sees only what it may.
    const rival = await server.signedGet('/v1/batches/scrap-a/lineage?direction=down', p.rival.signer);
    expect(rival.body.nodes.map((n: { id: string }) => n.id)).toEqual(['rod', 'rod-recalled', 'scrap-a']);
  });
});

describe('entries', () => {
  it('replay (GET /v1/entries) is for auditors and the registrar; anyone else gets 404', async () => {
    for (const who of ['auditor', 'registrar'] as const) expect((await server.signedGet('/v1/entries', p[who].signer)).status).toBe(200);
    for (const who of ['cableMaker', 'mill', 'bystander'] as const) {
      const res = await server.signedGet('/v1/entries', p[who].signer);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });

  it.each([
    ['merchantA', 'registerA', true, 'signed it'],
    ['merchantA', 'melt', true, 'it consumed its scrap'],
    ['merchantA', 'receipt', false, 'downstream, never held'],
    ['merchantA', 'registerB', false, 'a competitor’s batch'],
    ['cableMaker', 'registerB', true, 'upstream of its rod'],
    ['cableMaker', 'sale', true, 'names it as recipient'],
    ['bystander', 'melt', false, 'unrelated'],
    ['auditor', 'receipt', true, 'sees everything'],
    ['registrar', 'receipt', true, 'sees everything'],
    ['bystander', 'misdirect', true, 'names it (it was addressed to it)'],
    ['bystander', 'recall', false, 'the recall of a batch it never held'],
    ['bystander', 'rivalSale', false, 'the sale to a competitor after the recall'],
    ['bystander', 'rivalReceipt', false, 'the competitor’s receipt'],
    ['bystander', 'melt', false, 'upstream of a batch it never held'],
    ['bystander', 'registerA', false, 'upstream of a batch it never held'],
    ['refuser', 'refusal', true, 'signed it'],
    ['refuser', 'offer', true, 'names it'],
    ['refuser', 'melt', false, 'upstream of a batch it refused'],
    ['rival', 'melt', true, 'upstream of what it bought'],
    ['rival', 'misdirect', true, 'made rod-recalled, upstream of what it bought'],
    ['rival', 'receipt', false, 'another buyer’s receipt'],
  ] as const)('%s on the %s entry: visible=%s (%s)', async (who, entry, visible, _why) => {
    const res = await server.signedGet(`/v1/entries/${seqs[entry]}`, p[who].signer);
    expect(res.status).toBe(visible ? 200 : 404);
    if (visible) expect(res.body.seq).toBe(seqs[entry]);
    else expect(res.body.code).toBe('not_found');
  });

  it('shows genesis and participant entries to every participant, and nothing past the end', async () => {
    expect((await server.signedGet('/v1/entries/0', p.bystander.signer)).body.event.type).toBe('ledger.genesis');
    expect((await server.signedGet('/v1/entries/1', p.bystander.signer)).body.event.type).toBe('participant.register');
    const size = await server.logSize();
    expect((await server.signedGet(`/v1/entries/${size}`, p.auditor.signer)).status).toBe(404);
  });
});

describe('concentration report', () => {
  const path = '/v1/reports/concentration?participant=cable-maker';

  it('is for the participant itself, auditors and the registrar', async () => {
    for (const who of ['cableMaker', 'auditor', 'registrar'] as const) {
      const res = await server.signedGet(path, p[who].signer);
      expect(res.status, who).toBe(200);
      expect(res.body.participant).toBe('cable-maker');
    }
  });

  it('is 404 for anyone else', async () => {
    for (const who of ['mill', 'merchantA', 'bystander'] as const) {
      const res = await server.signedGet(path, p[who].signer);
      expect(res.status, who).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });
});

describe('public endpoints need no signature', () => {
  it.each([
    '/v1/log',
    '/v1/checkpoint',
    '/v1/proofs/inclusion?seq=0&size=1',
    '/v1/proofs/consistency?from=1&to=2',
    '/v1/participants',
    '/v1/participants/merchant-a',
    '/v1/reports/retention',
  ])('GET %s -> 200', async (path) => {
    expect((await server.get(path)).status).toBe(200);
  });
});

describe('protected reads need a valid request signature', () => {
  const protectedReads: Array<[method: 'GET' | 'POST', path: string]> = [
    ['GET', '/v1/entries'],
    ['GET', '/v1/entries/0'],
    ['GET', '/v1/batches/scrap-a'],
    ['GET', '/v1/batches/scrap-a/provenance'],
    ['GET', '/v1/batches/scrap-a/lineage'],
    ['GET', '/v1/batches/scrap-a/bundle'],
    ['POST', '/v1/claims/verify'],
    ['GET', '/v1/reports/concentration?participant=merchant-a'],
  ];
  const body = (method: string) => (method === 'POST' ? { body: JSON.stringify({ batch: 'scrap-a', claims: [{ kind: 'recycled', atLeast: 0.1 }] }) } : {});

  it.each(protectedReads)('%s %s without a signature -> 401', async (method, path) => {
    const res = await server.request(method, path, body(method));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it.each(protectedReads)('%s %s signed by the registrar -> 200', async (method, path) => {
    expect((await server.request(method, path, { ...body(method), signer: p.registrar.signer })).status).toBe(200);
  });

  const MINUTE = 60_000;
  const badSignatures: Array<[name: string, headers: () => Record<string, string>]> = [
    ['a tampered signature', () => {
      const headers = signRequest({ method: 'GET', url: `${server.url}/v1/batches/scrap-a` }, p.merchantA.signer);
      const sig = headers['signature']!;
      return { ...headers, signature: sig.replace(/:(.)/, (_m, c: string) => ':' + (c === 'A' ? 'B' : 'A')) };
    }],
    ['an expired signature (created 6 minutes ago)', () =>
      signRequest({ method: 'GET', url: `${server.url}/v1/batches/scrap-a` }, p.merchantA.signer, new Date(Date.now() - 6 * MINUTE))],
    ['a signature created 6 minutes in the future', () =>
      signRequest({ method: 'GET', url: `${server.url}/v1/batches/scrap-a` }, p.merchantA.signer, new Date(Date.now() + 6 * MINUTE))],
    ['a signature by a revoked key', () => signRequest({ method: 'GET', url: `${server.url}/v1/batches/scrap-a` }, revokedSigner)],
    ['a signature that does not cover the target URI', () => methodOnlySignature(p.merchantA)],
    ['a Signature-Input without its Signature', () => {
      const { 'signature-input': input } = signRequest({ method: 'GET', url: `${server.url}/v1/batches/scrap-a` }, p.merchantA.signer);
      return { 'signature-input': input! };
    }],
    ['a garbled Signature-Input', () => ({ ...signRequest({ method: 'GET', url: `${server.url}/v1/batches/scrap-a` }, p.merchantA.signer), 'signature-input': 'sig1=(((' })],
  ];

  it.each(badSignatures)('%s -> 401', async (_name, headers) => {
    const res = await server.request('GET', '/v1/batches/scrap-a', { headers: headers() });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it('accepts the rotated key of the participant that revoked the old one', async () => {
    // Authenticated (so not 401), but the bystander may not see the batch.
    expect((await server.signedGet('/v1/batches/scrap-a', p.bystander.signer)).status).toBe(404);
  });
});

/** A well-formed RFC 9421 signature over `@method` alone: it could be replayed onto any GET. */
function methodOnlySignature(party: Party): Record<string, string> {
  const params = `("@method");created=${Math.floor(Date.now() / 1000)};keyid="${party.id}/${party.keyId}";alg="ed25519"`;
  const base = `"@method": GET\n"@signature-params": ${params}`;
  return { 'signature-input': `sig1=${params}`, signature: `sig1=:${toBase64(signBytes(utf8Encode(base), party.key.secretKey))}:` };
}

describe('a transfer in transit shows its recipient the batch; a recall takes all of it back (SPEC 3.2)', () => {
  it('visible while in transit, 404 on every view once recalled', async () => {
    await append(server, p.mill, 'batch.transfer', { batch: 'rod', to: p.refuser.id, toSite: 'works', split: { id: 'rod-on-approval', massG: t(1) } });
    const views = ['', '/provenance', '/lineage?direction=up', '/bundle'];
    for (const batch of ['rod-on-approval', 'rod', 'scrap-a']) {
      for (const view of views) expect((await server.signedGet(`/v1/batches/${batch}${view}`, p.refuser.signer)).status, `${batch}${view} in transit`).toBe(200);
    }
    const lineage = (await server.signedGet('/v1/batches/rod-on-approval/provenance', p.refuser.signer)).body.lineage as number[];
    await append(server, p.mill, 'batch.reject', { batch: 'rod-on-approval', reason: 'recalled' });
    for (const batch of ['rod-on-approval', 'rod', 'scrap-a']) {
      for (const view of views) expect((await server.signedGet(`/v1/batches/${batch}${view}`, p.refuser.signer)).status, `${batch}${view} recalled`).toBe(404);
    }
    const claims = await server.signedPost('/v1/claims/verify', { batch: 'rod-on-approval', claims: [{ kind: 'recycled', atLeast: 0.5 }] }, p.refuser.signer);
    expect(claims.status).toBe(404);
    // Of the lineage it could read in transit, only the transfers that name it stay readable (this
    // one, and the earlier offer of another split of rod, which it refused).
    const readable: number[] = [];
    for (const seq of lineage) if ((await server.signedGet(`/v1/entries/${seq}`, p.refuser.signer)).status === 200) readable.push(seq);
    expect(readable).toEqual([seqs.offer, lineage.at(-1)]);
  });
});
