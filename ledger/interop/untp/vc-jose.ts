// VC-JOSE (W3C "Securing Verifiable Credentials using JOSE and COSE"): a credential as the payload
// of a JWS compact serialisation, protected header { alg: EdDSA, typ: vc+jwt, cty: vc, kid }
// (SPEC 6.3), signed with Ed25519. The signature covers the ASCII of the two base64url segments,
// so the payload is signed as the bytes it is sent as: there is no re-serialisation to agree on.

import { nobleVerify, signBytes, type VerifyFn } from '../../crypto/signature.js';
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../../encoding/bytes.js';
import { TallyError } from '../../errors.js';
import { didKeyUrlOf, publicKeyOfDidKey } from './did-key.js';

export interface VcJoseHeader {
  alg: 'EdDSA';
  typ: 'vc+jwt';
  cty: 'vc';
  kid: string;
}

/** Secures `credential` with an Ed25519 key; the `kid` is the key's did:key URL. */
export function signVcJose(credential: unknown, secretKey: Uint8Array, publicKey: Uint8Array): string {
  const header: VcJoseHeader = { alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: didKeyUrlOf(publicKey) };
  const signingInput = `${segment(header)}.${segment(credential)}`;
  return `${signingInput}.${toBase64Url(signBytes(utf8Encode(signingInput), secretKey))}`;
}

function segment(value: unknown): string {
  return toBase64Url(utf8Encode(JSON.stringify(value)));
}

export interface OpenedVcJose {
  header: VcJoseHeader;
  credential: Record<string, unknown>;
  /** The key the kid names, which verified the signature. */
  publicKey: Uint8Array;
}

function decodeJson(text: string, what: string): unknown {
  try {
    return JSON.parse(utf8Decode(fromBase64Url(text)));
  } catch {
    throw new TallyError('passport_malformed', `the ${what} segment is not base64url JSON`);
  }
}

/**
 * Checks the header and the signature of a VC-JOSE compact JWS and returns its parts.
 * @throws TallyError `passport_malformed` (not three base64url JSON segments),
 *   `passport_bad_header`, `passport_bad_signature`.
 */
export function openVcJose(jws: string, verify: VerifyFn = nobleVerify): OpenedVcJose {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) throw new TallyError('passport_malformed', 'a compact JWS has three segments');
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h, 'header') as Partial<VcJoseHeader> & Record<string, unknown>;
  const credential = decodeJson(p, 'payload');
  if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) throw new TallyError('passport_malformed', 'the payload is not a credential object');
  if (header === null || typeof header !== 'object' || header.alg !== 'EdDSA' || header.typ !== 'vc+jwt' || header.cty !== 'vc' || typeof header.kid !== 'string') {
    throw new TallyError('passport_bad_header', `header ${JSON.stringify(header)} is not { alg: EdDSA, typ: vc+jwt, cty: vc, kid }`);
  }
  if (header.crit !== undefined) throw new TallyError('passport_bad_header', 'no critical header extension is understood');
  let publicKey: Uint8Array;
  try {
    publicKey = publicKeyOfDidKey(header.kid);
    if (!header.kid.includes('#')) throw new Error('no fragment');
  } catch {
    throw new TallyError('passport_bad_header', `kid ${header.kid} is not a did:key URL (did:key:z...#z...)`);
  }
  let signature: Uint8Array;
  try {
    signature = fromBase64Url(s);
  } catch {
    throw new TallyError('passport_malformed', 'the signature segment is not base64url');
  }
  if (signature.length !== 64 || !verify(signature, utf8Encode(`${h}.${p}`), publicKey)) {
    throw new TallyError('passport_bad_signature', `the signature does not verify with ${header.kid}`);
  }
  return { header: header as VcJoseHeader, credential: credential as Record<string, unknown>, publicKey };
}
