import { expect, it } from 'vitest';
import { FrozenStateTx } from '../../ledger/custody/state-tx.js';

it('reads its own puts before the committed map, shadows a key it set to undefined, and freezes what it keeps', () => {
  const committed = new Map<string, unknown>([['a', { n: 1 }], ['b', 2]]);
  const tx = new FrozenStateTx(committed);
  expect(tx.get('a')).toEqual({ n: 1 });
  tx.put('a', { n: 3, list: [1] });
  expect(tx.get('a')).toEqual({ n: 3, list: [1] });
  expect(Object.isFrozen((tx.get('a') as { list: number[] }).list)).toBe(true);
  tx.put('b', undefined);
  expect(tx.get('b')).toBeUndefined();
  expect(committed.get('b')).toBe(2);
  tx.commit();
  expect(committed.get('a')).toEqual({ n: 3, list: [1] });
  expect(committed.has('b') && committed.get('b')).toBeUndefined();

  // A transaction never committed leaves the map as it was.
  const dropped = new FrozenStateTx(committed);
  dropped.put('c', 'x');
  expect(dropped.get('c')).toBe('x');
  expect(committed.has('c')).toBe(false);
});
