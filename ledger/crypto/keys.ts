import { TallyError } from '../errors.js';
import { fromBase64Url, toHex } from '../encoding/bytes.js';
import { sha256 } from './hash.js';
import { ed } from './noble-ed25519.js';

/** Length in bytes of an Ed25519 public key and of a secret-key seed. */
export const PUBLIC_KEY_LENGTH = 32;

/** An Ed25519 key pair: the 32-byte RFC 8032 seed and the 32-byte public key. */
export interface KeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/**
 * The key id of SPEC section 2: the first 16 hex characters of SHA-256(public key).
 * Requires a 32-byte public key (the id of any other byte string names no key).
 * @example keyIdOf(pub) // '9f86d081884c7d65'
 */
export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey)).slice(0, 16);
}

/** A point of edwards25519 as @noble/ed25519 decodes it. */
export type CurvePoint = InstanceType<typeof ed.Point>;

/**
 * Whether a public key's point lies in the prime-order subgroup (SPEC 2: a registrable key has no
 * torsion component). It must decide exactly as {@link nobleSubgroupCheck};
 * ledger/crypto/node-subgroup.ts is the Node form, on OpenSSL.
 * Requires a point decoded from a canonical encoding, not of small order.
 */
export type SubgroupCheck = (point: CurvePoint) => boolean;

/** [L]A = O by @noble/ed25519's scalar multiplication: portable, about 0.8 ms a key on 2026's VMs. */
export const nobleSubgroupCheck: SubgroupCheck = (point) => point.isTorsionFree();

/**
 * Refuses a public key that SPEC section 2 forbids registering. Torsion-free keys are what make
 * cofactored and cofactorless verifiers agree on honest signatures; small-order keys would let
 * one signature verify for many messages. `inSubgroup` decides the torsion (noble's by default).
 * @throws TallyError `invalid_public_key` unless it is 32 bytes that decode (RFC 8032 5.1.3, with
 *   canonical y < p and no "negative zero" x) to a curve point.
 * @throws TallyError `weak_public_key` if the point is of small order or has a torsion component.
 */
export function assertRegistrableKey(publicKey: Uint8Array, inSubgroup: SubgroupCheck = nobleSubgroupCheck): void {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_LENGTH) {
    throw new TallyError('invalid_public_key', `public key must be ${PUBLIC_KEY_LENGTH} bytes`);
  }
  let point: CurvePoint;
  try {
    point = ed.Point.fromBytes(publicKey, false);
  } catch {
    throw new TallyError('invalid_public_key', 'public key is not the canonical encoding of a curve point');
  }
  if (point.isSmallOrder()) throw new TallyError('weak_public_key', 'public key is of small order');
  if (!inSubgroup(point)) {
    throw new TallyError('weak_public_key', 'public key is not in the prime-order subgroup');
  }
}

/**
 * Decodes a public key from base64url (as it appears in events and the directory) and checks
 * that it is registrable.
 * @throws TallyError `invalid_public_key` on malformed base64url, a length other than 32, or a
 *   non-point; `weak_public_key` as {@link assertRegistrableKey}.
 */
export function parsePublicKey(b64url: string, inSubgroup?: SubgroupCheck): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(b64url);
  } catch {
    throw new TallyError('invalid_public_key', 'public key is not valid base64url');
  }
  assertRegistrableKey(bytes, inSubgroup);
  return bytes;
}

/**
 * A fresh key pair from the platform's CSPRNG (`crypto.getRandomValues`, in browsers and Node).
 * The public key of such a pair is always registrable: it is a multiple of the base point.
 */
export function generateKeyPair(): KeyPair {
  const { secretKey, publicKey } = ed.keygen();
  return { secretKey, publicKey };
}

/**
 * The public key of a 32-byte secret-key seed.
 * @throws RangeError from noble when `secretKey` is not 32 bytes (a programming error).
 */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed.getPublicKey(secretKey);
}
