import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateKeyPair, publicKeyOf } from '../../../ledger/crypto/keys.js';
import { nobleVerify, signBytes } from '../../../ledger/crypto/signature.js';
import { ed } from '../../../ledger/crypto/noble-ed25519.js';
import { concatBytes, fromHex } from '../../../ledger/encoding/bytes.js';
import { nodeVerify } from '../support/node-ed25519.js';

const L = ed.Point.CURVE().n;

const littleEndian = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const fromLittleEndian = (b: Uint8Array): bigint => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

/**
 * A signature by the holder of a registrable key whose R carries a small-order component T:
 * R = [r]B + T, S = r + k*a. The cofactored equation holds (8T = 0), the cofactorless one does
 * not ([S]B = R - T + [k]A). No honest signer produces this; a malicious key holder can.
 */
function torsionedSignature(seed: Uint8Array, msg: Uint8Array): { sig: Uint8Array; pub: Uint8Array } {
  const { scalar: a, pointBytes: pub } = ed.utils.getExtendedPublicKey(seed);
  // A point of order 8 (speccheck case 0's public key).
  const T = ed.Point.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa'));
  const r = 123456789n;
  const R = ed.Point.BASE.multiply(r).add(T).toBytes();
  const k = fromLittleEndian(ed.hash(concatBytes(R, pub, msg))) % L;
  const S = (r + k * a) % L;
  return { sig: concatBytes(R, littleEndian(S)), pub };
}

describe('nobleVerify', () => {
  it('accepts what signBytes signs and refuses a changed message, key or signature (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 }), fc.nat(), (seed, msg, bit) => {
        const pub = publicKeyOf(seed);
        const sig = signBytes(msg, seed);
        expect(nobleVerify(sig, msg, pub)).toBe(true);
        expect(nodeVerify(sig, msg, pub)).toBe(true);
        const badSig = sig.slice();
        badSig[bit % 64]! ^= 1 << bit % 8;
        expect(nobleVerify(badSig, msg, pub)).toBe(false);
        expect(nobleVerify(sig, concatBytes(msg, Uint8Array.of(0)), pub)).toBe(false);
        expect(nobleVerify(sig, msg, generateKeyPair().publicKey)).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it('returns false, never throws, on malformed arguments', () => {
    const { secretKey, publicKey } = generateKeyPair();
    const msg = Uint8Array.of(1, 2, 3);
    const sig = signBytes(msg, secretKey);
    expect(nobleVerify(sig.subarray(0, 63), msg, publicKey)).toBe(false);
    expect(nobleVerify(concatBytes(sig, Uint8Array.of(0)), msg, publicKey)).toBe(false);
    expect(nobleVerify(sig, msg, publicKey.subarray(0, 31))).toBe(false);
    expect(nobleVerify(new Uint8Array(64), msg, publicKey)).toBe(false);
    expect(nobleVerify(sig, msg, new Uint8Array(32).fill(0xff))).toBe(false);
    expect(nobleVerify('x' as unknown as Uint8Array, msg, publicKey)).toBe(false);
  });

  it('refuses S + L, which OpenSSL also refuses (canonical S)', () => {
    const { secretKey, publicKey } = generateKeyPair();
    const msg = Uint8Array.of(9);
    const sig = signBytes(msg, secretKey);
    const s = fromLittleEndian(sig.subarray(32));
    const malleated = concatBytes(sig.subarray(0, 32), littleEndian(s + L));
    expect(nobleVerify(malleated, msg, publicKey)).toBe(false);
    expect(nodeVerify(malleated, msg, publicKey)).toBe(false);
  });

  it('is cofactorless like OpenSSL: refuses an R with a small-order component that noble strict mode accepts', () => {
    const msg = Uint8Array.of(1, 2, 3);
    const { sig, pub } = torsionedSignature(new Uint8Array(32).fill(42), msg);
    // noble's zip215:false branch checks the cofactored equation and accepts this...
    expect(ed.verify(sig, msg, pub, { zip215: false })).toBe(true);
    // ...OpenSSL checks the cofactorless one and refuses it, and so do we (SPEC 2).
    expect(nodeVerify(sig, msg, pub)).toBe(false);
    expect(nobleVerify(sig, msg, pub)).toBe(false);
  });
});
