import type { StateSource } from '../../ledger/custody/state-tx.js';

/**
 * A StateSource over a frozen copy of a state map (canonical JSON by key) that counts the work a
 * query does: every key read by get or getMany, every key a scan yields, and the round trips
 * (calls). Keys are sorted once, so a scan costs what an ordered store's does: O(log n + yielded).
 * Tests assert on these counts rather than on timings.
 */
export class CountingSource implements StateSource {
  private readonly keys: string[];
  private readonly values: Map<string, string>;
  keysRead = 0;
  roundTrips = 0;

  constructor(state: ReadonlyMap<string, string>) {
    this.values = new Map(state);
    this.keys = [...this.values.keys()].sort();
  }

  reset(): void {
    this.keysRead = 0;
    this.roundTrips = 0;
  }

  private value(key: string): unknown {
    this.keysRead++;
    const text = this.values.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async get(key: string): Promise<unknown> {
    this.roundTrips++;
    return this.value(key);
  }

  async getMany(keys: readonly string[]): Promise<unknown[]> {
    this.roundTrips++;
    return keys.map((key) => this.value(key));
  }

  async *scan(prefix: string): AsyncIterable<[string, unknown]> {
    this.roundTrips++;
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.keys.length && this.keys[i]!.startsWith(prefix); i++) yield [this.keys[i]!, this.value(this.keys[i]!)];
  }
}
