import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleHashes } from '../../ledger/crypto/hash.js';
import { toHex } from '../../ledger/encoding/bytes.js';
import { CompactRange } from '../../ledger/merkle/compact.js';
import { nodeHashes } from '../../ledger/crypto/node-hashes.js';

describe('node:crypto log hashes (the server append path) agree with @noble/hashes byte for byte', () => {
  it('sha256, leaf and node hashes of arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes, other) => {
        expect(nodeHashes.sha256(bytes)).toEqual(nobleHashes.sha256(bytes));
        expect(nodeHashes.leafHash(bytes)).toEqual(nobleHashes.leafHash(bytes));
        const a = nobleHashes.sha256(bytes);
        expect(nodeHashes.nodeHash(a, other)).toEqual(nobleHashes.nodeHash(a, other));
      }),
      { numRuns: 200 },
    );
  });

  it('a compact range hashing with node:crypto gives the same roots, also when cloned mid-way from a noble one', () => {
    const noble = new CompactRange();
    const node = new CompactRange(nodeHashes.nodeHash);
    for (let i = 0; i < 70; i++) {
      const leaf = nobleHashes.leafHash(Uint8Array.of(i));
      expect(node.append(leaf).map((s) => toHex(s.hash))).toEqual(noble.append(leaf).map((s) => toHex(s.hash)));
      expect(toHex(node.root())).toBe(toHex(noble.root()));
    }
    const switched = noble.clone(nodeHashes.nodeHash);
    switched.append(nobleHashes.leafHash(Uint8Array.of(99)));
    noble.append(nobleHashes.leafHash(Uint8Array.of(99)));
    expect(toHex(switched.root())).toBe(toHex(noble.root()));
  });
});
