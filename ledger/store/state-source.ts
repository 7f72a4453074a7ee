import type { StateSource } from '../custody/state-tx.js';
import type { KvBackend } from './backend.js';
import { prefixRange } from './backend.js';
import { isResident } from './overlay.js';

/**
 * Read-only view of the committed custody state for queries. Resident keys (aggregates, ledger
 * meta) are answered from memory; everything else from the backend.
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
    const stored = keys.filter((key) => !isResident(key));
    const texts = await this.backend.getMany(stored);
    const byKey = new Map(stored.map((key, i) => [key, texts[i]]));
    return keys.map((key) => {
      if (isResident(key)) return this.resident().get(key);
      const text = byKey.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    });
  }

  async *scan(prefix: string): AsyncIterable<[string, unknown]> {
    if (isResident(prefix)) {
      const keys = [...this.resident().keys()].filter((key) => key.startsWith(prefix)).sort();
      for (const key of keys) yield [key, this.resident().get(key)];
      return;
    }
    for await (const [key, text] of this.backend.scan(prefixRange(prefix))) yield [key, JSON.parse(text)];
  }
}
