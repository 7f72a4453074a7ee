import type { Entry } from '../schemas/entry.js';
import type { AsyncCheck } from '../ledger/bundle/signatures-first.js';
import type { LogHashes } from '../ledger/crypto/hash.js';
import type { SubgroupCheck } from '../ledger/crypto/keys.js';
import type { ParticipantState } from '../schemas/state.js';
import { nobleVerify, type VerifyFn } from '../ledger/crypto/signature.js';
import { toBase64Url } from '../ledger/encoding/bytes.js';
import { TallyError } from '../ledger/errors.js';
import { stateKeys } from '../ledger/custody/keys.js';
import { batchUrl } from '../ledger/interop/epcis/identifiers.js';
import { batchCredentialsOf } from '../ledger/interop/untp/batch-credentials.js';
import { didKeyOf } from '../ledger/interop/untp/did-key.js';
import { isValidAtSize } from '../ledger/interop/untp/issuer-key.js';
import { bundleUrlOf } from '../ledger/interop/untp/passport.js';
import { openVcJose, signVcJose } from '../ledger/interop/untp/vc-jose.js';
import { verifyBundle, type VerifiedBundle } from './verify/index.js';
import { ed } from '../ledger/crypto/noble-ed25519.js';

/**
 * UNTP passports secured as VC-JOSE (SPEC 6.3): the custodian signs the unsigned passport the
 * server serves with its own Tally key; anyone holding the bundle the passport pins and the log
 * key checks it offline. Browser-safe (@noble only).
 */

/**
 * Secures a passport (as `GET /v1/batches/{id}/passport` returns it) as a VC-JOSE compact JWS
 * with the custodian's Ed25519 secret key; `kid` is the did:key URL of its public key.
 * @throws TallyError `passport_issuer_mismatch` when the passport's issuer is not this key's did:key.
 * @example const jws = issuePassport(await (await fetch(url)).json(), secretKey);
 */
export function issuePassport(passport: Record<string, unknown>, secretKey: Uint8Array): string {
  const publicKey = ed.getPublicKey(secretKey);
  const issuer = (passport.issuer as { id?: unknown } | undefined)?.id;
  if (issuer !== didKeyOf(publicKey)) {
    throw new TallyError('passport_issuer_mismatch', `the passport's issuer is ${String(issuer)}, this key is ${didKeyOf(publicKey)}`);
  }
  return signVcJose(passport, secretKey, publicKey);
}

export interface VerifiedPassport {
  ok: true;
  passport: Record<string, unknown>;
  /** did:key URL that signed it, a key the custodian held at the pinned size. */
  kid: string;
  custodian: string;
  /** The bundle it pins, verified. */
  bundle: VerifiedBundle;
}

export interface VerifyPassportOptions {
  verify?: VerifyFn;
  /** Passed to verifyBundle: the signatures checked off this thread first (`nodeVerifyOnPool` on Node). */
  checkAhead?: AsyncCheck;
  /** Passed to verifyBundle: decides whether each key the bundle registers is torsion-free (`nodeSubgroupCheck` on Node). */
  subgroupCheck?: SubgroupCheck;
  /**
   * SHA-256 for rebuilding the traceability events' hashes and, passed to verifyBundle, for the
   * bundle's leaf hashes, and its proofs when `nodeHash` is given too (VerifyBundleOptions.hashes);
   * @noble/hashes when absent (`nodeHashes` on Node).
   */
  hashes?: Pick<LogHashes, 'sha256' | 'leafHash'> & Partial<Pick<LogHashes, 'nodeHash'>>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep equality of JSON values, independent of key order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson(a[k], b[k]));
  }
  return a === b;
}

function figuresMismatch(what: string, got: unknown, expected: unknown): TallyError {
  return new TallyError('passport_figures_mismatch', `${what}: the passport says ${JSON.stringify(got)}, the bundle gives ${JSON.stringify(expected)}`, ['credentialSubject', what]);
}

/**
 * Verifies a VC-JOSE passport against the bundle it pins and the trusted log key: the header and
 * signature; the bundle (all of verifyBundle); that the passport names that bundle (batch, tree
 * size, root); that the `kid` is the issuer's did:key and a key the batch's custodian had
 * registered, unrevoked, in the tree of that size; and every figure (materialsProvenance, the EU
 * Article 8 claims, the traceability-events digest) against what the bundle's entries give.
 * @throws TallyError `passport_malformed`, `passport_bad_header`, `passport_bad_signature`,
 *   `passport_issuer_mismatch`, `passport_evidence_mismatch`, `passport_key_not_registered`,
 *   `passport_figures_mismatch`, or any `bundle_*` code of verifyBundle.
 */
export async function verifyPassport(jws: string, bundle: unknown, trustedLogKey: string, options: VerifyPassportOptions = {}): Promise<VerifiedPassport> {
  const verify = options.verify ?? nobleVerify;
  const opened = openVcJose(jws, verify);
  const passport = opened.credential;
  const issuer = passport.issuer;
  const subject = passport.credentialSubject;
  if (!isObject(issuer) || typeof issuer.id !== 'string' || typeof issuer.name !== 'string' || !isObject(subject)) {
    throw new TallyError('passport_malformed', 'the credential has no issuer { id, name } or no credentialSubject');
  }
  if (issuer.id !== didKeyOf(opened.publicKey)) throw new TallyError('passport_issuer_mismatch', `kid ${opened.header.kid} is not the issuer ${issuer.id}`, ['issuer', 'id']);

  const { checkAhead, subgroupCheck, hashes } = options;
  const verified = await verifyBundle(bundle, trustedLogKey, { verify, ...(checkAhead ? { checkAhead } : {}), ...(subgroupCheck ? { subgroupCheck } : {}), ...(hashes ? { hashes } : {}) });
  const { origin, size, rootHash } = verified.checkpoint;
  const batch = verified.batch;
  const evidence = Array.isArray(passport.evidence) ? passport.evidence.find((e) => isObject(e) && Array.isArray(e.type) && e.type.includes('TallyBundle')) : undefined;
  const expectedEvidence = { id: bundleUrlOf(origin, batch.id, size), treeSize: size, rootHash };
  if (!isObject(evidence) || !(['id', 'treeSize', 'rootHash'] as const).every((k) => evidence[k] === expectedEvidence[k]) || subject.id !== batchUrl(origin, batch.id)) {
    throw new TallyError('passport_evidence_mismatch', `the passport pins ${JSON.stringify(evidence)} for ${String(subject.id)}, the bundle is ${JSON.stringify(expectedEvidence)}`, ['evidence']);
  }

  const custodianText = verified.state.get(stateKeys.participant(batch.custodian));
  const custodian = custodianText === undefined ? undefined : (JSON.parse(custodianText) as ParticipantState);
  const kidKey = toBase64Url(opened.publicKey);
  if (!custodian?.keys.some((k) => k.publicKey === kidKey && isValidAtSize(k, size))) {
    throw new TallyError('passport_key_not_registered', `${opened.header.kid} was not a key of custodian ${batch.custodian} at tree size ${size}`, ['issuer', 'id']);
  }

  const expected = batchCredentialsOf({
    origin,
    batch,
    checkpoint: { size, rootHash },
    entries: (bundle as { entries: Array<{ entry: Entry }> }).entries.map((e) => e.entry),
    issuer: { id: issuer.id, name: issuer.name },
    ...(options.hashes ? { hashes: options.hashes } : {}),
  }).passport.credentialSubject;
  for (const field of ['materialsProvenance', 'conformityClaim', 'traceabilityInformation'] as const) {
    if (!sameJson(subject[field], expected[field])) throw figuresMismatch(field, subject[field], expected[field]);
  }
  return { ok: true, passport, kid: opened.header.kid, custodian: batch.custodian, bundle: verified };
}
