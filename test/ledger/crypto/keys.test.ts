import { describe, expect, it } from 'vitest';
import { assertRegistrableKey, generateKeyPair, keyIdOf, parsePublicKey, publicKeyOf } from '../../../ledger/crypto/keys.js';
import { ed } from '../../../ledger/crypto/noble-ed25519.js';
import { fromHex, toBase64Url, toHex } from '../../../ledger/encoding/bytes.js';
import { sha256 } from '../../../ledger/crypto/hash.js';
import { expectCode } from '../support/errors.js';

// RFC 8032 section 7.1, TEST 1.
const RFC8032_SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const RFC8032_PUB = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

describe('keys', () => {
  it('derives the RFC 8032 public key and the SPEC 2 key id (first 16 hex of SHA-256(pub))', () => {
    const pub = publicKeyOf(RFC8032_SEED);
    expect(toHex(pub)).toBe(RFC8032_PUB);
    expect(keyIdOf(pub)).toBe(toHex(sha256(pub)).slice(0, 16));
    expect(keyIdOf(pub)).toHaveLength(16);
  });

  it('generates registrable key pairs', () => {
    const { secretKey, publicKey } = generateKeyPair();
    expect(secretKey).toHaveLength(32);
    expect(publicKeyOf(secretKey)).toEqual(publicKey);
    expect(() => assertRegistrableKey(publicKey)).not.toThrow();
  });

  it('refuses keys of the wrong length or that are not canonical point encodings', () => {
    expectCode(() => assertRegistrableKey(new Uint8Array(31)), 'invalid_public_key');
    expectCode(() => assertRegistrableKey(new Uint8Array(33)), 'invalid_public_key');
    // y = 2: not on the curve (no square root).
    expectCode(() => assertRegistrableKey(fromHex('02' + '00'.repeat(31))), 'invalid_public_key');
    // y = p (non-canonical spelling of y = 0).
    expectCode(() => assertRegistrableKey(fromHex('ed' + 'ff'.repeat(30) + '7f')), 'invalid_public_key');
    // x = 0 with the sign bit set ("negative zero").
    expectCode(() => assertRegistrableKey(fromHex('01' + '00'.repeat(30) + '80')), 'invalid_public_key');
  });

  it('refuses small-order and mixed-order points as weak', () => {
    // The identity (0, 1) and the point (0, -1) of order 2.
    expectCode(() => assertRegistrableKey(fromHex('01' + '00'.repeat(31))), 'weak_public_key');
    expectCode(() => assertRegistrableKey(fromHex('ec' + 'ff'.repeat(30) + '7f')), 'weak_public_key');
    // A valid key plus a point of order 8: on the curve, but not in the prime-order subgroup.
    const T = ed.Point.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa'));
    const mixed = ed.Point.fromBytes(fromHex(RFC8032_PUB)).add(T).toBytes();
    expectCode(() => assertRegistrableKey(mixed), 'weak_public_key');
  });

  it('parses base64url keys strictly', () => {
    const pub = fromHex(RFC8032_PUB);
    expect(parsePublicKey(toBase64Url(pub))).toEqual(pub);
    expectCode(() => parsePublicKey(toBase64Url(pub) + '='), 'invalid_public_key');
    expectCode(() => parsePublicKey(Buffer.from(pub).toString('base64')), 'invalid_public_key');
    expectCode(() => parsePublicKey(toBase64Url(pub.subarray(0, 31))), 'invalid_public_key');
    expectCode(() => parsePublicKey(toBase64Url(fromHex('01' + '00'.repeat(31)))), 'weak_public_key');
  });
});
