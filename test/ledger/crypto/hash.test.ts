import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash, sha256, ZERO_HASH_HEX } from '../../../ledger/crypto/hash.js';
import { concatBytes, fromHex, toHex, utf8Encode } from '../../../ledger/encoding/bytes.js';

describe('hashes', () => {
  it('SHA-256 matches the FIPS 180-2 "abc" vector', () => {
    expect(toHex(sha256(utf8Encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('separates leaves (0x00) from nodes (0x01) as RFC 6962 does', () => {
    const left = sha256(utf8Encode('l'));
    const right = sha256(utf8Encode('r'));
    expect(leafHash(utf8Encode('x'))).toEqual(sha256(concatBytes(Uint8Array.of(0), utf8Encode('x'))));
    expect(nodeHash(left, right)).toEqual(sha256(concatBytes(Uint8Array.of(1), left, right)));
    // RFC 6962 hash of the empty leaf (transparency-dev testonly constants).
    expect(toHex(leafHash(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(leafHash(concatBytes(left, right))).not.toEqual(nodeHash(left, right));
  });

  it('has 64 zeros as the zero hash', () => {
    expect(ZERO_HASH_HEX).toBe('0'.repeat(64));
    expect(fromHex(ZERO_HASH_HEX)).toEqual(new Uint8Array(32));
  });
});
