import { TallyError } from '../errors.js';
import { bytesEqual } from '../encoding/bytes.js';
import { HASH_LENGTH, nodeHash as nobleNodeHash, type NodeHashFn } from '../crypto/hash.js';
import { isPowerOfTwo, isTreeCount } from './tree-math.js';

/**
 * Verification of RFC 9162 inclusion (2.1.3.2) and consistency (2.1.4.2) proofs. Every input is
 * untrusted: lengths are checked before hashing, sizes before arithmetic, and every failure is a
 * TallyError `invalid_proof`, never a false that a caller could forget to check.
 */

function fail(message: string): TallyError {
  return new TallyError('invalid_proof', message);
}

function assertHash(hash: Uint8Array, what: string): void {
  if (!(hash instanceof Uint8Array) || hash.length !== HASH_LENGTH) throw fail(`${what} must be a ${HASH_LENGTH}-byte hash`);
}

function assertProofHashes(proof: readonly Uint8Array[]): void {
  if (!Array.isArray(proof)) throw fail('proof must be a list of hashes');
  proof.forEach((hash, i) => assertHash(hash, `proof[${i}]`));
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/**
 * The root that an inclusion proof of `leafHash` at `index` in a tree of `size` leaves implies.
 * Requires 0 <= index < size and a proof of exactly the length RFC 9162 gives for them.
 * `nodeHash` is RFC 9162's interior hash (@noble's unless given: node:crypto's on Node is the same
 * function, about three times cheaper; see node-hashes.ts).
 * @throws TallyError `invalid_proof` if the index or size is out of range, a hash is not 32
 *   bytes, or the proof has the wrong length.
 */
export function rootFromInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], nodeHash: NodeHashFn = nobleNodeHash): Uint8Array {
  assertHash(leafHash, 'leaf hash');
  assertProofHashes(proof);
  if (!isTreeCount(index) || !isTreeCount(size) || index >= size) {
    throw fail(`inclusion proof needs 0 <= index < size (index ${index}, size ${size})`);
  }
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw fail('inclusion proof is too long');
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      // Skip the levels where this node is the last, lone child: it is promoted unchanged.
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw fail('inclusion proof is too short');
  return r;
}

/**
 * Checks that `proof` proves `leafHash` is leaf `index` of the tree of `size` leaves with `root`.
 * Requires 0 <= index < size.
 * @throws TallyError `invalid_proof` on any failure (see {@link rootFromInclusion}) or a root
 *   mismatch.
 */
export function verifyInclusion(leafHash: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array, nodeHash: NodeHashFn = nobleNodeHash): void {
  assertHash(root, 'root');
  const computed = rootFromInclusion(leafHash, index, size, proof, nodeHash);
  if (!bytesEqual(computed, root)) throw fail('inclusion proof does not lead to the root');
}

/**
 * Checks that the tree of `m` leaves with `rootM` is a prefix of the tree of `n` leaves with
 * `rootN`. Equal sizes need an empty proof and equal roots; a proof from size 0 proves nothing
 * and is refused.
 * Requires 0 < m <= n.
 * @throws TallyError `invalid_proof` on sizes out of range, a hash that is not 32 bytes, a proof
 *   of the wrong length, or roots that the proof does not reproduce.
 */
export function verifyConsistency(m: number, n: number, proof: readonly Uint8Array[], rootM: Uint8Array, rootN: Uint8Array): void {
  assertHash(rootM, 'old root');
  assertHash(rootN, 'new root');
  assertProofHashes(proof);
  if (!isTreeCount(m) || !isTreeCount(n)) throw fail('tree sizes must be non-negative safe integers');
  if (m > n) throw fail(`old size ${m} exceeds new size ${n}`);
  if (m === 0) throw fail('a consistency proof from the empty tree proves nothing');
  if (m === n) {
    if (proof.length !== 0) throw fail('equal sizes need an empty proof');
    if (!bytesEqual(rootM, rootN)) throw fail('equal sizes but different roots');
    return;
  }
  if (proof.length === 0) throw fail('consistency proof is empty');

  // When the old tree is a complete subtree of the new one, the proof omits its root.
  const path = isPowerOfTwo(m) ? [rootM, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) throw fail('consistency proof is too long');
    if (isOdd(fn) || fn === sn) {
      fr = nobleNodeHash(c, fr);
      sr = nobleNodeHash(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nobleNodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw fail('consistency proof is too short');
  if (!bytesEqual(fr, rootM)) throw fail('consistency proof does not reproduce the old root');
  if (!bytesEqual(sr, rootN)) throw fail('consistency proof does not reproduce the new root');
}
