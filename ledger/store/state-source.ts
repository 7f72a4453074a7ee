import type { StateSource } from '../custody/state-tx.js';
import type { KvBackend } from './backend.js';
import { prefixRange } from './backend.js';
import { keyAfter } from '../custody/state-tx.js';
import { isResident } from './overlay.js';

/**
 * Read-only view of the committed custody state for queries. Resident keys (aggregates, ledger
 * meta, participants) are answered from memory by key; every scan, resident prefixes included,
 * walks the backend's sorted keys, so a scan costs O(log n + answer) instead of sorting the
 * whole resident map each time (the backend holds the same committed values: a batch's resident
 * changes reach the map in the same tick as its durable write resolves).
 */
export class BackendStateSource implements StateSource {
  constructor(
    private readonly backend: KvBackend,
    private readonly resident: () => ReadonlyMap<string, unknown>,
  ) {}

  /** The committed value of a key (resident values are shared and frozen). */
  async get(key: string): Promise<unknown> {
    if (isResident(key)) return this.resident().get(key);
    const text = await this.backend.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async getMany(keys: readonly string[]): Promise<unknown[]> {
    const resident = keys.map(isResident);
    const texts = await this.backend.getMany(keys.filter((_, i) => !resident[i]));
    // The stored values come back in the order of the stored keys among `keys`.
    let next = 0;
    return keys.map((key, i) => {
      if (resident[i]) return this.resident().get(key);
      const text = texts[next++];
      return text === undefined ? undefined : JSON.parse(text);
    });
  }

  async *scan(prefix: string, startAfter?: string): AsyncIterable<[string, unknown]> {
    const range = prefixRange(prefix);
    if (startAfter !== undefined && startAfter >= range.gte) range.gte = keyAfter(startAfter);
    for await (const [key, text] of this.backend.scan(range)) yield [key, JSON.parse(text)];
  }
}
