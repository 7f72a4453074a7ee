import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../../../ledger/encoding/bytes.js';
import { CompactRange } from '../../../ledger/merkle/compact.js';
import { consistencyPlan, inclusionPlan, resolvePlan, type SubtreeLookup } from '../../../ledger/merkle/plan.js';
import { verifyConsistency, verifyInclusion } from '../../../ledger/merkle/verify.js';
import { TallyError } from '../../../ledger/errors.js';
import { referenceConsistency, referenceInclusion, referenceRoot, sampleLeaves } from './reference-tree.js';

/**
 * The log as a store runs it: leaves appended to a CompactRange, every completed subtree hash
 * kept by (level, index), proofs answered by resolving plans against those hashes only.
 */
function buildStore(leaves: readonly Uint8Array[]): { lookup: SubtreeLookup; roots: Uint8Array[] } {
  const stored = new Map<string, Uint8Array>();
  const range = new CompactRange();
  const roots = [range.root()];
  for (const leaf of leaves) {
    for (const s of range.append(leaf)) stored.set(`${s.level}/${s.index}`, s.hash);
    roots.push(range.root());
  }
  return { lookup: (level, index) => stored.get(`${level}/${index}`), roots };
}

/** n uniformly in 1..max (fast-check's default array sizes stay near 10), then n random leaves. */
const leafList = (max: number) =>
  fc
    .integer({ min: 1, max })
    .chain((n) => fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: n, maxLength: n }));

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[Math.floor(bit / 8) % out.length]! ^= 1 << bit % 8;
  return out;
}

function rejects(run: () => void): boolean {
  try {
    run();
    return false;
  } catch (err) {
    if (err instanceof TallyError && err.code === 'invalid_proof') return true;
    throw err;
  }
}

describe('proofs from stored subtree hashes (property)', () => {
  it('every index proves inclusion at every size, matching RFC 9162 PATH', () => {
    fc.assert(
      fc.property(leafList(70), (leaves) => {
        const { lookup, roots } = buildStore(leaves);
        for (let size = 1; size <= leaves.length; size++) {
          expect(toHex(roots[size]!)).toBe(toHex(referenceRoot(leaves.slice(0, size))));
          for (let index = 0; index < size; index++) {
            const plan = inclusionPlan(index, size);
            const proof = resolvePlan(plan, lookup);
            expect(proof.map(toHex)).toEqual(referenceInclusion(index, leaves.slice(0, size)).map(toHex));
            // O(log n) stored reads: at most 2 per level.
            expect(plan.flat().length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)) + 1);
            verifyInclusion(leaves[index]!, index, size, proof, roots[size]!);
          }
        }
      }),
      { numRuns: 4, examples: [[sampleLeaves(70)]] },
    );
  });

  it('every pair 0 < m <= n proves consistency, matching RFC 9162 PROOF', () => {
    fc.assert(
      fc.property(leafList(70), (leaves) => {
        const { lookup, roots } = buildStore(leaves);
        for (let n = 1; n <= leaves.length; n++) {
          for (let m = 1; m <= n; m++) {
            const plan = consistencyPlan(m, n);
            const proof = resolvePlan(plan, lookup);
            expect(proof.map(toHex)).toEqual(referenceConsistency(m, leaves.slice(0, n)).map(toHex));
            expect(plan.flat().length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 2);
            verifyConsistency(m, n, proof, roots[m]!, roots[n]!);
          }
        }
      }),
      { numRuns: 4, examples: [[sampleLeaves(70)]] },
    );
  });

  it('detects one flipped bit in an inclusion proof, the leaf or the root', () => {
    fc.assert(
      fc.property(leafList(70), fc.nat(), fc.nat(), fc.nat(), fc.nat({ max: 255 }), (leaves, a, b, which, bit) => {
        const size = 1 + (a % leaves.length);
        const index = b % size;
        const { lookup, roots } = buildStore(leaves);
        const proof = resolvePlan(inclusionPlan(index, size), lookup);
        const leaf = leaves[index]!;
        const root = roots[size]!;
        const target = which % (proof.length + 2);
        if (target < proof.length) {
          const bad = proof.slice();
          bad[target] = flipBit(bad[target]!, bit);
          expect(rejects(() => verifyInclusion(leaf, index, size, bad, root))).toBe(true);
        } else if (target === proof.length) {
          expect(rejects(() => verifyInclusion(flipBit(leaf, bit), index, size, proof, root))).toBe(true);
        } else {
          expect(rejects(() => verifyInclusion(leaf, index, size, proof, flipBit(root, bit)))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('detects one flipped bit in a consistency proof or either root', () => {
    fc.assert(
      fc.property(leafList(70), fc.nat(), fc.nat(), fc.nat(), fc.nat({ max: 255 }), (leaves, a, b, which, bit) => {
        const n = 1 + (a % leaves.length);
        const m = 1 + (b % n);
        const { lookup, roots } = buildStore(leaves);
        const proof = resolvePlan(consistencyPlan(m, n), lookup);
        const target = which % (proof.length + 2);
        if (target < proof.length) {
          const bad = proof.slice();
          bad[target] = flipBit(bad[target]!, bit);
          expect(rejects(() => verifyConsistency(m, n, bad, roots[m]!, roots[n]!))).toBe(true);
        } else if (target === proof.length) {
          expect(rejects(() => verifyConsistency(m, n, proof, flipBit(roots[m]!, bit), roots[n]!))).toBe(true);
        } else {
          expect(rejects(() => verifyConsistency(m, n, proof, roots[m]!, flipBit(roots[n]!, bit)))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a proof for another index or size, or with a hash added or dropped', () => {
    fc.assert(
      fc.property(leafList(70), fc.nat(), fc.nat(), (leaves, a, b) => {
        const size = 2 + (a % Math.max(1, leaves.length - 1));
        if (size > leaves.length) return;
        const index = b % size;
        const { lookup, roots } = buildStore(leaves);
        const proof = resolvePlan(inclusionPlan(index, size), lookup);
        const leaf = leaves[index]!;
        expect(rejects(() => verifyInclusion(leaf, (index + 1) % size, size, proof, roots[size]!))).toBe(true);
        expect(rejects(() => verifyInclusion(leaf, index, size, [...proof, proof[0]!], roots[size]!))).toBe(true);
        expect(rejects(() => verifyInclusion(leaf, index, size, proof.slice(1), roots[size]!))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
