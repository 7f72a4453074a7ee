import type { KeyRange, KvBackend } from './backend.js';

/**
 * The in-memory twin of the LevelDB backend, for tests and for throwaway ledgers. Keys are kept
 * sorted so scans cost O(log n + k).
 */
export class MemoryBackend implements KvBackend {
  private readonly values = new Map<string, string>();
  private readonly sortedKeys: string[] = [];
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
    const start = lowerBound(this.sortedKeys, range.gte);
    const end = lowerBound(this.sortedKeys, range.lt);
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
      if (!this.values.has(key)) this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
      this.values.set(key, value);
    }
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
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
