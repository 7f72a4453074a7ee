import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * The hashes of the log (SPEC section 5, RFC 6962 section 2.1): leaves and interior nodes carry
 * different one-byte prefixes so a leaf can never be passed off as a node or vice versa.
 */

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** Length in bytes of every hash in the log. */
export const HASH_LENGTH = 32;

/** `prev` of entry 0 and the hex of a hash that names nothing: 64 zeros. */
export const ZERO_HASH_HEX = '0'.repeat(64);

/** RFC 6962 interior node hash, as {@link nodeHash}; injectable where another implementation is faster. */
export type NodeHashFn = (left: Uint8Array, right: Uint8Array) => Uint8Array;

/**
 * The hashes an appender computes per entry, injectable so a Node server can use node:crypto
 * (OpenSSL: the same bytes at a third of @noble/hashes' cost) while the browser SDK keeps noble.
 */
export interface LogHashes {
  sha256(bytes: Uint8Array): Uint8Array;
  leafHash(leafBytes: Uint8Array): Uint8Array;
  nodeHash: NodeHashFn;
}

/** SHA-256 of `bytes`. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}

/** RFC 6962 leaf hash: SHA-256(0x00 || leaf bytes). */
export function leafHash(leafBytes: Uint8Array): Uint8Array {
  return nobleSha256.create().update(LEAF_PREFIX).update(leafBytes).digest();
}

/**
 * RFC 6962 interior node hash: SHA-256(0x01 || left || right).
 * Requires `left` and `right` to be 32-byte hashes; callers that take hashes from outside check
 * their length first (see merkle/verify.ts).
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return nobleSha256.create().update(NODE_PREFIX).update(left).update(right).digest();
}

/** The default {@link LogHashes}: @noble/hashes, which runs anywhere. */
export const nobleHashes: LogHashes = { sha256, leafHash, nodeHash };
