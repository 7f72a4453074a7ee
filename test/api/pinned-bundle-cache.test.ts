import { describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { PinnedBundleCache } from '../../api/pinned-bundles.js';

/** A maker of distinct bundles of `bytes` bytes that counts its calls. */
function maker(bytes: number) {
  const made: string[] = [];
  return {
    made,
    of: (name: string) => async () => {
      made.push(name);
      return Buffer.alloc(bytes, name);
    },
  };
}

describe('PinnedBundleCache', () => {
  it('makes a bundle once per batch and size, and serves the kept bytes after', async () => {
    const cache = new PinnedBundleCache(1000);
    const make = maker(100);
    const first = await cache.get('lot', 7, make.of('a'));
    const again = await cache.get('lot', 7, make.of('b'));
    const otherSize = await cache.get('lot', 8, make.of('c'));
    expect(make.made).toEqual(['a', 'c']);
    expect(again).toBe(first);
    expect(otherSize.equals(first)).toBe(false);
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, bytes: 200 });
  });

  it('stays within its budget, dropping the least recently served first', async () => {
    const cache = new PinnedBundleCache(250);
    const make = maker(100);
    await cache.get('a', 1, make.of('a'));
    await cache.get('b', 1, make.of('b'));
    await cache.get('a', 1, make.of('a again')); // served, so now the most recent
    await cache.get('c', 1, make.of('c')); // 300 bytes would not fit: b goes
    expect(cache.stats().bytes).toBe(200);
    await cache.get('a', 1, make.of('a lost'));
    await cache.get('c', 1, make.of('c lost'));
    await cache.get('b', 1, make.of('b made again'));
    expect(make.made).toEqual(['a', 'b', 'c', 'b made again']);
    expect(cache.stats().bytes).toBeLessThanOrEqual(250);
  });

  it('keeps nothing larger than its budget, and nothing at all with a budget of 0', async () => {
    for (const [budget, bytes] of [[99, 100], [0, 1]] as const) {
      const cache = new PinnedBundleCache(budget);
      const make = maker(bytes);
      await cache.get('big', 3, make.of('1'));
      await cache.get('big', 3, make.of('2'));
      expect(make.made).toEqual(['1', '2']);
      expect(cache.stats()).toEqual({ hits: 0, misses: 2, bytes: 0 });
    }
  });

  it('passes a failure on and keeps nothing of it, so the next request tries again', async () => {
    const cache = new PinnedBundleCache(1000);
    await expect(cache.get('lot', 5, () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    const make = maker(10);
    await cache.get('lot', 5, make.of('made'));
    expect(make.made).toEqual(['made']);
    expect(cache.stats()).toEqual({ hits: 0, misses: 2, bytes: 10 });
  });

  it('counts a bundle made twice at once once in its bytes', async () => {
    const cache = new PinnedBundleCache(1000);
    const make = maker(100);
    await Promise.all([cache.get('lot', 2, make.of('x')), cache.get('lot', 2, make.of('y'))]);
    expect(make.made).toEqual(['x', 'y']);
    expect(cache.stats().bytes).toBe(100);
  });
});

it('reads TALLY_PINNED_BUNDLE_CACHE_MB: 32 MB unless set, a whole number of megabytes, 0 keeping none', () => {
  expect(readConfig({}).pinnedBundleCacheBytes).toBe(32 * 2 ** 20);
  expect(readConfig({ TALLY_PINNED_BUNDLE_CACHE_MB: '0' }).pinnedBundleCacheBytes).toBe(0);
  expect(readConfig({ TALLY_PINNED_BUNDLE_CACHE_MB: '256' }).pinnedBundleCacheBytes).toBe(256 * 2 ** 20);
  for (const bad of ['-1', '1.5', 'lots', '65537']) expect(() => readConfig({ TALLY_PINNED_BUNDLE_CACHE_MB: bad })).toThrow(/TALLY_PINNED_BUNDLE_CACHE_MB/);
});
