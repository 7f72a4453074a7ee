import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CompactSign, compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../../ledger/encoding/bytes.js';
import { didKeyOf, didKeyUrlOf, publicKeyOfDidKey } from '../../ledger/interop/untp/did-key.js';
import { signVcJose } from '../../ledger/interop/untp/vc-jose.js';
import { issuePassport, verifyPassport } from '../../sdk/passport.js';
import { nodeHashes } from '../../sdk/node-hashes.js';
import { nodeVerify, nodeVerifyOnPool } from '../../sdk/node-verify.js';
import { nodeSubgroupCheck } from '../../sdk/node-subgroup.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import { append } from '../support/participants.js';
import { partyOf, TestServer } from '../support/server.js';
import { referenceMissing } from './reference.js';
import { dppSchema, dteSchema } from './schemas.js';
import { buildCopperChain, type Chain } from './supply-chain.js';

/**
 * UNTP passports (SPEC 6.3): the unsigned DPP and DTE the server serves (validated against the
 * UNTP 0.6.1 schemas), the bundle pinned at a signed tree size, VC-JOSE securing by the custodian
 * checked by an independent JOSE implementation (jose) both ways, and the attacks a verifier must
 * catch: a tampered passport, a key that was not the custodian's, figures the bundle does not give.
 */
let server: TestServer;
let chain: Chain;
let logKey: string;

beforeAll(async () => {
  server = await TestServer.start({ origin: 'ledger.example/uk' });
  chain = await buildCopperChain(server);
  logKey = (await server.get('/v1/log')).body.logKey;
});
afterAll(() => server?.close());

const passportOf = async (batch: string, who = chain.cableMaker, query = '') => server.signedGet(`/v1/batches/${batch}/passport${query}`, who.signer);
const bundleAt = async (batch: string, size: number, who = chain.cableMaker) => server.signedGet(`/v1/batches/${batch}/bundle?size=${size}`, who.signer);

async function securedPassport(batch = 'rod-lot-1', who = chain.cableMaker) {
  const passport = (await passportOf(batch, who)).body;
  const size = passport.evidence[0].treeSize;
  const bundle = (await bundleAt(batch, size, who)).body;
  return { passport, bundle, jws: issuePassport(passport, who.key.secretKey) };
}

/** The server path of a URL under the origin (`https://<origin>/v1/...`). */
const pathOf = (url: string) => {
  const prefix = 'https://ledger.example/uk';
  expect(url.startsWith(prefix + '/v1/')).toBe(true);
  return url.slice(prefix.length);
};
const b64 = (value: unknown) => toBase64Url(utf8Encode(JSON.stringify(value)));
async function expectCode(promise: Promise<unknown>, code: string) {
  await expect(promise).rejects.toMatchObject({ code });
}

describe('the unsigned passport and traceability events', () => {
  it('is a UNTP DPP issued by the did:key of the custodian, with one Material per constituent and country', async () => {
    const res = await passportOf('rod-lot-1');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/vc/);
    const p = res.body;
    expect(p['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://test.uncefact.org/vocabulary/untp/dpp/0.6.1/']);
    expect(p.type).toEqual(['DigitalProductPassport', 'VerifiableCredential']);
    expect(p.issuer).toEqual({ type: ['CredentialIssuer'], id: didKeyOf(chain.cableMaker.key.publicKey), name: 'cable-maker Ltd' });
    expect(p.credentialSubject.id).toBe('https://ledger.example/uk/batch/rod-lot-1');
    // 12 t GB post-consumer scrap and 6.9995 t Chilean cathode, scaled into the 3 999 750 g of rod left after 1 t went into cable.
    const materials = p.credentialSubject.materialsProvenance;
    expect(materials.map((m: any) => [m.name, m.originCountry])).toEqual([['copper', 'CL'], ['copper', 'GB']]);
    const grams = materials.map((m: any) => Math.round(m.mass.value * 1000));
    expect(grams.reduce((a: number, b: number) => a + b, 0)).toBe(3_999_750);
    expect(materials[0]).toMatchObject({ recycledMassFraction: 0, mass: { unit: 'KGM' } });
    expect(materials[1]).toMatchObject({ recycledMassFraction: 1 });
    expect(materials[0].massFraction + materials[1].massFraction).toBeCloseTo(1, 12);
    expect(p.credentialSubject.conformityClaim).toBeUndefined(); // copper: no Article 8 figure
    const size = await server.logSize();
    expect(p.evidence).toEqual([
      { type: ['Evidence', 'TallyBundle'], id: `https://ledger.example/uk/v1/batches/rod-lot-1/bundle?size=${size}`, treeSize: size, rootHash: (await server.get('/v1/log')).body.rootHash },
    ]);
  });

  it.skipIf(referenceMissing('untp-0.6.1', 'dpp', 'untp-dpp-schema.json') !== undefined)('validates against the UNTP 0.6.1 DPP and DTE schemas', async () => {
    const dpp = dppSchema();
    const dte = dteSchema();
    for (const [batch, who] of [['rod-lot-1', chain.cableMaker], ['rod-1', chain.mill], ['scrap-1', chain.recycler], ['rod-export-1', chain.auditor]] as const) {
      const passport = (await passportOf(batch, who)).body;
      expect(dpp(passport).ok, `${batch}: ${dpp(passport).errors}`).toBe(true);
      const link = passport.credentialSubject.traceabilityInformation[0].traceabilityEvent[0];
      const res = await server.signedGet(pathOf(link.linkURL), who.signer);
      expect(res.status).toBe(200);
      expect(dte(res.body).ok, `${batch} DTE: ${dte(res.body).errors}`).toBe(true);
    }
  });

  it('links the DTE by the SHA-256 of the bytes served, naming the EPCIS events by their eventIDs', async () => {
    const passport = (await passportOf('rod-lot-1')).body;
    const link = passport.credentialSubject.traceabilityInformation[0].traceabilityEvent[0];
    const res = await server.signedGet(pathOf(link.linkURL), chain.cableMaker.signer);
    expect(bytesToHex(sha256(utf8Encode(res.text)))).toBe(link.hashDigest);
    const epcis = (await server.signedGet('/v1/batches/rod-lot-1/epcis', chain.cableMaker.signer)).body;
    expect(res.body.credentialSubject.map((e: any) => e.id)).toEqual(epcis.epcisBody.eventList.map((e: any) => e.eventID));
  });

  it('follows the batch access rules: 401 unsigned, 404 to a bystander', async () => {
    for (const route of ['passport', 'dte', 'bundle?size=3']) {
      expect((await server.get(`/v1/batches/rod-lot-1/${route}`)).status).toBe(401);
      const res = await server.signedGet(`/v1/batches/rod-lot-1/${route}`, chain.bystander.signer);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });
});

describe('GET /v1/batches/{id}/bundle?size=N', () => {
  it('proves the batch as it was at a past signed size, which verifies offline', async () => {
    const res = await bundleAt('rod-lot-1', chain.sizeAtReceipt);
    expect(res.status).toBe(200);
    const verified = await verifyBundle(res.body, logKey);
    expect(verified.checkpoint.size).toBe(chain.sizeAtReceipt);
    // Before the retirement of 1 t: all 4 999 750 g still there.
    expect(verified.batch.massG).toBe(4_999_750);
    const now = await verifyBundle((await server.signedGet('/v1/batches/rod-lot-1/bundle', chain.cableMaker.signer)).body, logKey);
    expect(now.batch.massG).toBe(3_999_750);
  });

  it('refuses a size the log never signed, a batch that did not exist yet, and a malformed size', async () => {
    const size = await server.logSize();
    const beyond = await bundleAt('rod-lot-1', size + 1);
    expect([beyond.status, beyond.body.code]).toEqual([404, 'checkpoint_not_signed']);
    const early = await bundleAt('rod-lot-1', 8);
    expect([early.status, early.body.code]).toEqual([404, 'batch_not_at_size']);
    for (const bad of ['0', '-1', 'x', '1.5']) {
      const res = await server.signedGet(`/v1/batches/rod-lot-1/bundle?size=${bad}`, chain.cableMaker.signer);
      expect([res.status, res.body.code]).toEqual([400, 'invalid_query']);
    }
  });

  it('pins the passport to a past size too', async () => {
    const passport = (await passportOf('rod-lot-1', chain.cableMaker, `?size=${chain.sizeAtReceipt}`)).body;
    expect(passport.evidence[0].treeSize).toBe(chain.sizeAtReceipt);
    const bundle = (await bundleAt('rod-lot-1', chain.sizeAtReceipt)).body;
    const verified = await verifyPassport(issuePassport(passport, chain.cableMaker.key.secretKey), bundle, logKey);
    expect(verified.bundle.batch.massG).toBe(4_999_750);
    // On Node's OpenSSL, signatures checked on the pool first, the same verdict and figures.
    const onNode = await verifyPassport(issuePassport(passport, chain.cableMaker.key.secretKey), bundle, logKey, { verify: nodeVerify, checkAhead: nodeVerifyOnPool, subgroupCheck: nodeSubgroupCheck, hashes: nodeHashes });
    expect(onNode.passport).toEqual(verified.passport);
    expect(onNode.bundle.batch).toEqual(verified.bundle.batch);
    // The subgroup check given is the one the bundle's replay asks: refusing every key fails it.
    const refuseAll = () => false;
    await expectCode(verifyPassport(issuePassport(passport, chain.cableMaker.key.secretKey), bundle, logKey, { verify: nodeVerify, subgroupCheck: refuseAll }), 'bundle_invalid_event');
  });
});

describe('VC-JOSE passports', () => {
  it('round-trips with an independent JOSE implementation (jose), both ways', async () => {
    const { passport, bundle, jws } = await securedPassport();
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(chain.cableMaker.key.publicKey) };
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(jwk, 'EdDSA'));
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: didKeyUrlOf(chain.cableMaker.key.publicKey) });
    expect(JSON.parse(utf8Decode(payload))).toEqual(passport);
    expect(toBase64Url(publicKeyOfDidKey(protectedHeader.kid!))).toBe(jwk.x);

    // Signed by jose, verified by the SDK.
    const privateJwk = { ...jwk, d: toBase64Url(chain.cableMaker.key.secretKey) };
    const byJose = await new CompactSign(utf8Encode(JSON.stringify(passport)))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: didKeyUrlOf(chain.cableMaker.key.publicKey) })
      .sign(await importJWK(privateJwk, 'EdDSA'));
    const verified = await verifyPassport(byJose, bundle, logKey);
    expect(verified.custodian).toBe('cable-maker');
  });

  it('refuses a tampered passport (bad signature)', async () => {
    const { jws, bundle } = await securedPassport();
    const [h, p, s] = jws.split('.') as [string, string, string];
    const payload = JSON.parse(utf8Decode(fromBase64Url(p)));
    payload.credentialSubject.materialsProvenance[1].recycledMassFraction = 0.99;
    await expectCode(verifyPassport(`${h}.${b64(payload)}.${s}`, bundle, logKey), 'passport_bad_signature');
    await expectCode(verifyPassport(`${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`, bundle, logKey), 'passport_bad_signature');
  });

  it('refuses a key that was not the custodian\'s (another participant, a fresh key)', async () => {
    const { passport, bundle } = await securedPassport();
    for (const key of [generateKeyPair(), chain.mill.key]) {
      const forged = { ...passport, issuer: { ...passport.issuer, id: didKeyOf(key.publicKey) } };
      await expectCode(verifyPassport(signVcJose(forged, key.secretKey, key.publicKey), bundle, logKey), 'passport_key_not_registered');
    }
    // The kid and the issuer must name the same key.
    const otherKey = generateKeyPair();
    await expectCode(verifyPassport(signVcJose(passport, otherKey.secretKey, otherKey.publicKey), bundle, logKey), 'passport_issuer_mismatch');
    expect(() => issuePassport(passport, otherKey.secretKey)).toThrow(expect.objectContaining({ code: 'passport_issuer_mismatch' }));
  });

  it('refuses figures the bundle does not give, even signed by the custodian', async () => {
    const { passport, bundle } = await securedPassport();
    const key = chain.cableMaker.key;
    const mutations: Array<(p: any) => void> = [
      (p) => (p.credentialSubject.materialsProvenance[1].recycledMassFraction = 1.5),
      (p) => (p.credentialSubject.materialsProvenance[0].massFraction += 1e-9),
      (p) => (p.credentialSubject.materialsProvenance[0].originCountry = 'GB'),
      (p) => p.credentialSubject.materialsProvenance.pop(),
      (p) => (p.credentialSubject.materialsProvenance[0].mass.value += 0.001),
      (p) => (p.credentialSubject.traceabilityInformation[0].traceabilityEvent[0].hashDigest = '00'.repeat(32)),
      (p) => (p.credentialSubject.conformityClaim = [{ id: 'x' }]),
    ];
    for (const mutate of mutations) {
      const copy = structuredClone(passport);
      mutate(copy);
      await expectCode(verifyPassport(signVcJose(copy, key.secretKey, key.publicKey), bundle, logKey), 'passport_figures_mismatch');
    }
  });

  it('refuses a passport that pins another bundle, and a bundle that does not verify', async () => {
    const { passport, bundle, jws } = await securedPassport();
    const key = chain.cableMaker.key;
    const older = (await bundleAt('rod-lot-1', chain.sizeAtReceipt)).body;
    await expectCode(verifyPassport(jws, older, logKey), 'passport_evidence_mismatch');
    const other = structuredClone(passport);
    other.evidence[0].rootHash = '00'.repeat(32);
    await expectCode(verifyPassport(signVcJose(other, key.secretKey, key.publicKey), bundle, logKey), 'passport_evidence_mismatch');
    const broken = structuredClone(bundle);
    broken.batch.massG += 1;
    await expectCode(verifyPassport(jws, broken, logKey), 'bundle_figures_mismatch');
    await expectCode(verifyPassport(jws, bundle, logKey.replace(/.$/, (c: string) => (c === 'A' ? 'B' : 'A'))), 'bundle_untrusted_log_key');
  });

  it('refuses malformed tokens and headers with a code', async () => {
    const { jws, bundle } = await securedPassport();
    const [, p, s] = jws.split('.') as [string, string, string];
    await expectCode(verifyPassport('not a jws', bundle, logKey), 'passport_malformed');
    await expectCode(verifyPassport(`!!.${p}.${s}`, bundle, logKey), 'passport_malformed');
    for (const header of [
      { alg: 'ES256', typ: 'vc+jwt', cty: 'vc', kid: didKeyUrlOf(chain.cableMaker.key.publicKey) },
      { alg: 'EdDSA', typ: 'JWT', cty: 'vc', kid: didKeyUrlOf(chain.cableMaker.key.publicKey) },
      { alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: didKeyOf(chain.cableMaker.key.publicKey) },
      { alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: 'did:web:example.com#key-1' },
    ]) {
      await expectCode(verifyPassport(`${b64(header)}.${p}.${s}`, bundle, logKey), 'passport_bad_header');
    }
  });
});

describe('key rotation', () => {
  it('a passport signed with a key revoked before the pinned size fails; one pinned before the revocation still verifies', async () => {
    const before = await securedPassport();
    const rotated = generateKeyPair();
    await append(server, chain.cableMaker, 'participant.keys', { participant: 'cable-maker', add: [toBase64Url(rotated.publicKey)], revoke: [chain.cableMaker.keyId] });
    const oldKey = chain.cableMaker.key;
    chain.cableMaker = partyOf('cable-maker', rotated);

    // Pinned before the revocation: still what the custodian's key said then.
    await expect(verifyPassport(before.jws, before.bundle, logKey)).resolves.toMatchObject({ ok: true });
    // Now the passport names the new key; the old key cannot sign for the new size.
    const now = (await passportOf('rod-lot-1')).body;
    expect(now.issuer.id).toBe(didKeyOf(rotated.publicKey));
    const bundle = (await bundleAt('rod-lot-1', now.evidence[0].treeSize)).body;
    const stale = { ...now, issuer: { ...now.issuer, id: didKeyOf(oldKey.publicKey) } };
    await expectCode(verifyPassport(signVcJose(stale, oldKey.secretKey, oldKey.publicKey), bundle, logKey), 'passport_key_not_registered');
    await expect(verifyPassport(issuePassport(now, rotated.secretKey), bundle, logKey)).resolves.toMatchObject({ kid: didKeyUrlOf(rotated.publicKey) });
  });
});
