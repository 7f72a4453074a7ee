import { describe, expect, it } from 'vitest';
import { assertRegistrableKey, generateKeyPair, nobleSubgroupCheck, type CurvePoint } from '../../../ledger/crypto/keys.js';
import { nodeSubgroupCheck } from '../../../ledger/crypto/node-subgroup.js';
import { ed } from '../../../ledger/crypto/noble-ed25519.js';
import { fromHex } from '../../../ledger/encoding/bytes.js';
import { TallyError } from '../../../ledger/errors.js';
import { readVectorJson } from '../support/vectors.js';

/**
 * The OpenSSL form of SPEC 2's subgroup check (ledger/crypto/node-subgroup.ts) must decide as
 * @noble's [L]A = O does on every point it is asked about: a laxer one would let a key with a
 * torsion component be registered (where cofactored and cofactorless verifiers part ways), a
 * stricter one would refuse keys other implementations accept.
 */

/** A point of order 8 (one of the eight small-order encodings). */
const ORDER_8 = ed.Point.fromHex('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05');
/** The torsion subgroup: k * ORDER_8 for k = 0..7, the identity first. */
const TORSION: CurvePoint[] = Array.from({ length: 8 }, (_, k) => (k === 0 ? ed.Point.ZERO : ORDER_8.multiply(BigInt(k), false)));

const decoded = (bytes: Uint8Array): CurvePoint => ed.Point.fromBytes(bytes, false);
const verdicts = (bytes: Uint8Array) => {
  const point = decoded(bytes);
  return { node: nodeSubgroupCheck(point), noble: nobleSubgroupCheck(point) };
};
const registration = (bytes: Uint8Array, check = nobleSubgroupCheck): string => {
  try {
    assertRegistrableKey(bytes, check);
    return 'ok';
  } catch (err) {
    if (err instanceof TallyError) return err.code;
    throw err;
  }
};

describe('nodeSubgroupCheck', () => {
  it('has a torsion subgroup of eight distinct points to test with', () => {
    expect(new Set(TORSION.map((t) => t.toHex())).size).toBe(8);
    expect(ORDER_8.multiply(8n, false).is0()).toBe(true);
  });

  it('agrees with noble on keys with each of the eight torsion components', () => {
    for (let i = 0; i < 12; i++) {
      const key = decoded(generateKeyPair().publicKey);
      TORSION.forEach((torsion, k) => {
        const bytes = key.add(torsion).toBytes();
        const { node, noble } = verdicts(bytes);
        expect(noble, `component ${k}`).toBe(k === 0);
        expect(node, `component ${k}`).toBe(noble);
        expect(registration(bytes, nodeSubgroupCheck)).toBe(registration(bytes));
      });
    }
  });

  it('agrees with noble on random curve points, most of them of mixed order', () => {
    let asked = 0;
    let torsionFree = 0;
    for (let i = 0; i < 400 && asked < 80; i++) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      let point: CurvePoint;
      try {
        point = decoded(bytes);
      } catch {
        continue; // not a point
      }
      if (point.isSmallOrder()) continue;
      asked++;
      const { node, noble } = verdicts(bytes);
      if (noble) torsionFree++;
      expect(node).toBe(noble);
    }
    expect(asked).toBe(80);
    // A random point is torsion-free one time in eight: the run must have met both verdicts.
    expect(torsionFree).toBeLessThan(asked);
  });

  it('registers the ed25519-speccheck keys exactly as noble does', () => {
    const cases = readVectorJson<Array<{ pub_key: string }>>('ed25519-speccheck', 'cases.json');
    expect(cases.length).toBe(12);
    for (const { pub_key } of cases) expect(registration(fromHex(pub_key), nodeSubgroupCheck), pub_key).toBe(registration(fromHex(pub_key)));
  });
});
