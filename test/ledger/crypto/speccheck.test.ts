import { describe, expect, it } from 'vitest';
import { assertRegistrableKey } from '../../../ledger/crypto/keys.js';
import { nobleVerify } from '../../../ledger/crypto/signature.js';
import { ed } from '../../../ledger/crypto/noble-ed25519.js';
import { fromHex } from '../../../ledger/encoding/bytes.js';
import { TallyError } from '../../../ledger/errors.js';
import { nodeVerify } from '../support/node-ed25519.js';
import { readVectorJson } from '../support/vectors.js';

/**
 * The 12 cases of novifinancial/ed25519-speccheck ("Taming the many EdDSAs", Chalkias, Garillot,
 * Nikolaenko, 2020), from test/vectors/ed25519-speccheck/cases.json. For each: whether the
 * public key may be registered (SPEC 2), whether our verifier accepts the signature, whether
 * OpenSSL (node:crypto) does, and whether noble's strict mode alone would (to show why
 * nobleVerify adds the cofactorless equation).
 *
 * The SPEC 2 claim this checks: for every key we would register, we and node:crypto agree.
 */

interface SpeccheckCase {
  message: string;
  pub_key: string;
  signature: string;
}

type Registration = 'ok' | 'invalid_public_key' | 'weak_public_key';

interface Expected {
  registration: Registration;
  nobleVerify: boolean;
  nodeCrypto: boolean;
  nobleStrictOnly: boolean;
}

const EXPECTED: Expected[] = [
  // 0: S = 0, small-order A, small-order R. Lax verifiers (OpenSSL) accept it for any message;
  //    the key is refused at registration and noble refuses small-order A.
  { registration: 'weak_public_key', nobleVerify: false, nodeCrypto: true, nobleStrictOnly: false },
  // 1: 0 < S < L, small-order A, mixed-order R. Same story as 0.
  { registration: 'weak_public_key', nobleVerify: false, nodeCrypto: true, nobleStrictOnly: false },
  // 2: 0 < S < L, mixed-order A, small-order R. Both equations hold; the key has a torsion
  //    component, so it is refused at registration.
  { registration: 'weak_public_key', nobleVerify: true, nodeCrypto: true, nobleStrictOnly: true },
  // 3: 0 < S < L, mixed-order A, mixed-order R; passes cofactored and cofactorless.
  { registration: 'weak_public_key', nobleVerify: true, nodeCrypto: true, nobleStrictOnly: true },
  // 4: mixed-order A and R; passes cofactored only. noble's strict mode is cofactored and would
  //    accept; our cofactorless check and OpenSSL refuse.
  { registration: 'weak_public_key', nobleVerify: false, nodeCrypto: false, nobleStrictOnly: true },
  // 5: mixed-order A, prime-order R; passes cofactored only (A's torsion enters k*A). As 4.
  { registration: 'weak_public_key', nobleVerify: false, nodeCrypto: false, nobleStrictOnly: true },
  // 6: prime-order A (registrable), S > L (non-canonical S): refused by everyone.
  { registration: 'ok', nobleVerify: false, nodeCrypto: false, nobleStrictOnly: false },
  // 7: prime-order A (registrable), S >> L (high bits set): refused by everyone.
  { registration: 'ok', nobleVerify: false, nodeCrypto: false, nobleStrictOnly: false },
  // 8: mixed-order A, non-canonical small-order R (y >= p) that equals R reduced before
  //    hashing: refused (strict decoding of R).
  { registration: 'weak_public_key', nobleVerify: false, nodeCrypto: false, nobleStrictOnly: false },
  // 9: as 8, but the check only passes if R is hashed unreduced: refused (ZIP-215 would accept).
  { registration: 'weak_public_key', nobleVerify: false, nodeCrypto: false, nobleStrictOnly: false },
  // 10: non-canonical A (y >= p, small order); passes only if A is reduced before hashing.
  //     Refused by everyone; the key cannot even be decoded strictly.
  { registration: 'invalid_public_key', nobleVerify: false, nodeCrypto: false, nobleStrictOnly: false },
  // 11: non-canonical A; passes if A is hashed as given. OpenSSL decodes A leniently and hashes
  //     the given bytes, so it accepts; noble's strict decoding refuses. Unregistrable key.
  { registration: 'invalid_public_key', nobleVerify: false, nodeCrypto: true, nobleStrictOnly: false },
];

function registration(pub: Uint8Array): Registration {
  try {
    assertRegistrableKey(pub);
    return 'ok';
  } catch (err) {
    if (err instanceof TallyError && (err.code === 'invalid_public_key' || err.code === 'weak_public_key')) return err.code;
    throw err;
  }
}

const cases = readVectorJson<SpeccheckCase[]>('ed25519-speccheck', 'cases.json');

describe('ed25519-speccheck', () => {
  it('has the 12 cases', () => expect(cases).toHaveLength(EXPECTED.length));

  it.each(cases.map((c, i) => [i, c] as const))('case %i', (i, c) => {
    const msg = fromHex(c.message);
    const pub = fromHex(c.pub_key);
    const sig = fromHex(c.signature);
    const actual: Expected = {
      registration: registration(pub),
      nobleVerify: nobleVerify(sig, msg, pub),
      nodeCrypto: nodeVerify(sig, msg, pub),
      nobleStrictOnly: (() => {
        try {
          return ed.verify(sig, msg, pub, { zip215: false });
        } catch {
          return false;
        }
      })(),
    };
    expect(actual).toEqual(EXPECTED[i]);
    // SPEC section 2: for every registrable key, server (noble) and auditors (OpenSSL) agree.
    if (actual.registration === 'ok') expect(actual.nobleVerify).toBe(actual.nodeCrypto);
  });
});
