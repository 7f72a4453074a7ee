import { leafHash, nodeHash, sha256 } from '../../../ledger/crypto/hash.js';

/**
 * A deliberately naive RFC 9162 implementation, written straight from the RFC's recursive
 * definitions (2.1.1 MTH, 2.1.3.1 PATH, 2.1.4.1 PROOF/SUBPROOF), to check the plan-based code
 * against. Quadratic and recursive on purpose: it shares no code with ledger/merkle.
 */

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function referenceRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0]!;
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

export function referenceInclusion(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...referenceInclusion(m, leaves.slice(0, k)), referenceRoot(leaves.slice(k))]
    : [...referenceInclusion(m - k, leaves.slice(k)), referenceRoot(leaves.slice(0, k))];
}

function subproof(m: number, leaves: readonly Uint8Array[], startFromOldRoot: boolean): Uint8Array[] {
  const n = leaves.length;
  if (m === n) return startFromOldRoot ? [] : [referenceRoot(leaves)];
  const k = largestPowerOfTwoBelow(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), startFromOldRoot), referenceRoot(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), referenceRoot(leaves.slice(0, k))];
}

export function referenceConsistency(m: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, leaves, true);
}

/** Distinct leaf hashes for a test tree of `n` leaves. */
export function sampleLeaves(n: number, salt = 0): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(salt & 0xff, i & 0xff, i >> 8)));
}
