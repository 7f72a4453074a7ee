import { concatBytes } from '../encoding/bytes.js';
import { ed } from './noble-ed25519.js';

/**
 * Verifies an Ed25519 signature. Returns false (never throws) for a signature that does not
 * verify, including malformed ones (wrong length, non-canonical encodings), so callers decide
 * what a failure means. Injected wherever signatures are checked, so a verifier can plug in
 * another implementation (node:crypto, WebCrypto) and tests can count calls.
 */
export type VerifyFn = (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => boolean;

const SIGNATURE_LENGTH = 64;
const SCALAR_LENGTH = 32;
const GROUP_ORDER = ed.Point.CURVE().n;

function scalarFromLittleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/**
 * RFC 8032 5.1.7 cofactorless equation [S]B = R + [k]A. noble's strict branch checks the
 * cofactored one ([8][S]B = [8]R + [8][k]A), which also accepts signatures whose R carries a
 * small-order component. An honest signer never makes one, but a key holder can craft one that
 * we would accept and OpenSSL (`node:crypto`) would reject; SPEC section 2 says "verified
 * cofactorless", so we check this equation too and auditors using OpenSSL always agree with us.
 * Requires that noble's strict verification already passed (so R and A decode and S < L).
 */
function cofactorlessEquationHolds(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): boolean {
  const rBytes = sig.subarray(0, SCALAR_LENGTH);
  const s = scalarFromLittleEndian(sig.subarray(SCALAR_LENGTH));
  const R = ed.Point.fromBytes(rBytes, false);
  const A = ed.Point.fromBytes(pub, false);
  const digest = ed.hash(concatBytes(rBytes, pub, msg));
  const k = scalarFromLittleEndian(digest) % GROUP_ORDER;
  const sB = ed.Point.BASE.multiply(s, false);
  return sB.equals(R.add(A.multiply(k, false)));
}

/**
 * Verifies with @noble/ed25519 in its strict mode (`zip215: false`: canonical R and A, S < L,
 * small-order A refused) and the cofactorless equation of RFC 8032, matching SPEC section 2.
 * Returns false for any malformed argument instead of throwing.
 * @example nobleVerify(sig, msg, pub) === true
 */
export const nobleVerify: VerifyFn = (sig, msg, pub) => {
  if (!(sig instanceof Uint8Array) || !(msg instanceof Uint8Array) || !(pub instanceof Uint8Array)) return false;
  if (sig.length !== SIGNATURE_LENGTH || pub.length !== 32) return false;
  try {
    return ed.verify(sig, msg, pub, { zip215: false }) && cofactorlessEquationHolds(sig, msg, pub);
  } catch {
    return false;
  }
};

/**
 * The 64-byte Ed25519 signature of `msg` (deterministic, RFC 8032 5.1.6).
 * @throws RangeError from noble when `secretKey` is not a 32-byte seed (a programming error).
 */
export function signBytes(msg: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return ed.sign(msg, secretKey);
}
