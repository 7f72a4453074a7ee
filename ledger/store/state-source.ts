import type { KvBackend } from './backend.js';
import { prefixRange } from './backend.js';
import { keyAfter } from '../custody/state-tx.js';
import { isResident } from './overlay.js';

/**
 * Read-only view of the committed custody state for queries. Resident keys (aggregates, ledger
 * meta) are answered from memory; everything else from the backend.
 */
export class BackendStateSource {
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

  async *scan(prefix: string, startAfter?: string): AsyncIterable<[string, unknown]> {
    if (isResident(prefix)) {
      const keys = [...this.resident().keys()].filter((key) => key.startsWith(prefix) && (startAfter === undefined || key > startAfter)).sort();
      for (const key of keys) yield [key, this.resident().get(key)];
      return;
    }
    const range = prefixRange(prefix);
    if (startAfter !== undefined && startAfter >= range.gte) range.gte = keyAfter(startAfter);
    for await (const [key, text] of this.backend.scan(range)) yield [key, JSON.parse(text)];
  }
}
