import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LargeMap } from '../../../ledger/collections/large-map.js';
import { FrozenStateTx } from '../../../ledger/custody/state-tx.js';

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string } | { kind: 'clear' };

// Few distinct keys, so sets overwrite and deletes hit.
const key = fc.stringMatching(/^[a-z]{1,2}\/[0-9a-f]{0,2}$/);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

function sorted<V>(map: Iterable<[string, V]>): Array<[string, V]> {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('LargeMap', () => {
  it('behaves as a Map through any sequence of sets, deletes and clears, before and after its split', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 7 }), (ops, splitAt, shards) => {
        const large = new LargeMap<number>({ splitAt, shards });
        const plain = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            expect(large.set(o.key, o.value)).toBe(large);
            plain.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            expect(large.delete(o.key)).toBe(plain.delete(o.key));
          } else {
            large.clear();
            plain.clear();
          }
          expect(large.size).toBe(plain.size);
        }
        for (const [k, v] of plain) {
          expect(large.has(k)).toBe(true);
          expect(large.get(k)).toBe(v);
        }
        expect(large.get('zz/never')).toBeUndefined();
        expect(large.has('zz/never')).toBe(false);
        expect(sorted(large)).toEqual(sorted(plain));
        expect([...large.keys()].sort()).toEqual([...plain.keys()].sort());
        expect([...large.values()].sort()).toEqual([...plain.values()].sort());
        const visited: Array<[string, number]> = [];
        large.forEach((v, k, self) => {
          expect(self).toBe(large);
          visited.push([k, v]);
        });
        expect(sorted(visited)).toEqual(sorted(plain));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps insertion order while it is one Map, and splits only when a new key would pass the limit', () => {
    const map = new LargeMap<number>({ splitAt: 3, shards: 4 });
    map.set('c', 1).set('a', 2).set('b', 3);
    expect([...map.keys()]).toEqual(['c', 'a', 'b']);
    map.set('a', 20);
    expect(map.split).toBe(false);
    map.set('d', 4);
    expect(map.split).toBe(true);
    expect(map.size).toBe(4);
    expect(map.get('a')).toBe(20);
    map.clear();
    expect(map.split).toBe(false);
    expect(map.size).toBe(0);
  });

  it('spreads keys that share a long prefix and differ at the end over its shards', () => {
    const map = new LargeMap<number>({ splitAt: 1, shards: 8 });
    for (let seq = 0; seq < 800; seq++) map.set(`ib/recycler-batch-00017/${seq.toString(16).padStart(16, '0')}`, seq);
    const perShard = (map as unknown as { maps: Array<Map<string, number>> }).maps.map((m) => m.size);
    expect(perShard).toHaveLength(8);
    // 100 each if even; no shard empty or holding more than twice its share.
    for (const count of perShard) {
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThan(200);
    }
  });

  it('serves as the committed state of the custody rules’ transactions across the split', () => {
    const state = new LargeMap<unknown>({ splitAt: 5, shards: 3 });
    for (let i = 0; i < 20; i++) {
      const tx = new FrozenStateTx(state);
      tx.put(`k/${i}`, { i });
      expect(tx.get(`k/${i}`)).toEqual({ i });
      if (i > 0) expect(tx.get(`k/${i - 1}`)).toEqual({ i: i - 1 });
      tx.commit();
    }
    expect(state.split).toBe(true);
    expect(state.size).toBe(20);
    expect(state.get('k/7')).toEqual({ i: 7 });
    expect(Object.isFrozen(state.get('k/7'))).toBe(true);
  });
});

describe('LargeMap shards', () => {
  it('does not put ids whose characters differ by 64 in one shard', () => {
    // '0'-'9' and 'p'-'y' share their low six bits: plain FNV-1a sent all of these to one shard of 64.
    const map = new LargeMap<number>({ splitAt: 1, shards: 64 });
    const ids: string[] = [];
    for (let i = 0; i < 1024; i++) ids.push(`b/${[...i.toString(2).padStart(10, '0')].map((bit) => (bit === '0' ? '0' : 'p')).join('')}`);
    ids.forEach((id, i) => map.set(id, i));
    const used = (map as unknown as { maps: Array<Map<string, number>> }).maps.filter((m) => m.size > 0).length;
    expect(used).toBeGreaterThan(48);
  });
});
