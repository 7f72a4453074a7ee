import type { KvBackend } from './backend.js';

/**
 * Key prefixes whose values the store keeps wholly in memory: small, and read on nearly every
 * append (aggregate counters, ledger meta, and participants, whose keys authenticate every
 * submission; a national ledger has hundreds of participants, not millions).
 */
export const RESIDENT_PREFIXES = ['agg/', 'meta/', 'p/'] as const;

export function isResident(key: string): boolean {
  return RESIDENT_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * The state of one group commit as it is being computed: reads fall through to what earlier
 * entries of the batch wrote, then to resident keys, then to values prefetched from the backend.
 * Values are held as JSON text so that no caller can mutate what another will read.
 */
export class BatchOverlay {
  private readonly puts = new Map<string, string>();
  private readonly fetched = new Map<string, string | undefined>();

  constructor(private readonly resident: ReadonlyMap<string, string>) {}

  /** Loads from the backend the keys not yet known to this batch. */
  async prefetch(backend: KvBackend, keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !isResident(key) && !this.puts.has(key) && !this.fetched.has(key));
    const values = await backend.getMany(missing);
    missing.forEach((key, i) => this.fetched.set(key, values[i]));
  }

  /** Raw JSON text of a key as this batch sees it. Requires the key to be resident or prefetched. */
  read(key: string): string | undefined {
    const put = this.puts.get(key);
    if (put !== undefined) return put;
    if (isResident(key)) return this.resident.get(key);
    if (!this.fetched.has(key)) throw new Error(`state key read without prefetch: ${key}`);
    return this.fetched.get(key);
  }

  write(key: string, json: string): void {
    this.puts.set(key, json);
  }

  /** A transaction for one entry; its writes reach the batch only when it commits. */
  begin(): EntryTx {
    return new EntryTx(this);
  }

  writes(): Array<[string, string]> {
    return [...this.puts];
  }

  residentWrites(): Array<[string, string]> {
    return this.writes().filter(([key]) => isResident(key));
  }
}

/** The StateTx handed to the custody rules for a single entry. */
export class EntryTx {
  private readonly puts = new Map<string, string>();

  constructor(private readonly batch: BatchOverlay) {}

  get(key: string): unknown {
    const json = this.puts.get(key) ?? this.batch.read(key);
    return json === undefined ? undefined : JSON.parse(json);
  }

  put(key: string, value: unknown): void {
    this.puts.set(key, JSON.stringify(value));
  }

  /** Writes raw text (the log's own records, such as the exact leaf bytes of an entry). */
  putRaw(key: string, text: string): void {
    this.puts.set(key, text);
  }

  commit(): void {
    for (const [key, json] of this.puts) this.batch.write(key, json);
  }
}
