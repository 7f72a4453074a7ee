import type { KeyRange, KvBackend } from './backend.js';
import { compareKeys } from './key-order.js';

/**
 * The in-memory twin of the LevelDB backend, for tests and for throwaway ledgers. Keys are kept
 * sorted for scans, in LevelDB's order (key-order.ts); keys new since the last scan wait unsorted
 * and are merged in by the next scan, so a write costs O(1) per key (inserting each into the
 * sorted array cost O(n), which made a long test ledger quadratic) and a scan O(log n + k), plus
 * O(n + p log p) once after p new keys.
 */
export class MemoryBackend implements KvBackend {
  private readonly values = new Map<string, string>();
  private sortedKeys: string[] = [];
  private pendingKeys: string[] = [];
  private closed = false;

  async get(key: string): Promise<string | undefined> {
    this.assertOpen();
    return this.values.get(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    this.assertOpen();
    return keys.map((key) => this.values.get(key));
  }

  async *scan(range: KeyRange): AsyncIterable<[string, string]> {
    this.assertOpen();
    this.mergePending();
    const start = lowerBound(this.sortedKeys, range.gte);
    const end = range.lt === undefined ? this.sortedKeys.length : lowerBound(this.sortedKeys, range.lt);
    // Copy the slice so that writes during iteration do not shift what we walk.
    const keys = this.sortedKeys.slice(start, end);
    if (range.reverse) keys.reverse();
    const limit = range.limit ?? Infinity;
    let yielded = 0;
    for (const key of keys) {
      if (yielded >= limit) return;
      const value = this.values.get(key);
      if (value === undefined) continue;
      yielded++;
      yield [key, value];
    }
  }

  async write(puts: ReadonlyArray<readonly [string, string]>): Promise<void> {
    this.assertOpen();
    for (const [key, value] of puts) {
      if (!this.values.has(key)) this.pendingKeys.push(key);
      this.values.set(key, value);
    }
  }

  /** Merges the keys written since the last scan into the sorted array. */
  private mergePending(): void {
    if (this.pendingKeys.length === 0) return;
    const added = this.pendingKeys.sort(compareKeys);
    const merged: string[] = new Array(this.sortedKeys.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.sortedKeys.length && j < added.length) merged[k++] = compareKeys(this.sortedKeys[i]!, added[j]!) < 0 ? this.sortedKeys[i++]! : added[j++]!;
    while (i < this.sortedKeys.length) merged[k++] = this.sortedKeys[i++]!;
    while (j < added.length) merged[k++] = added[j++]!;
    this.sortedKeys = merged;
    this.pendingKeys = [];
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('backend is closed');
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid] as string, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
