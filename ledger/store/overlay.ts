import { deepFreeze } from '../encoding/deep-freeze.js';
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
 * The resident map, counting the keys it visits (iteration) and writes, so that a test can show
 * that a group commit costs the keys it changes whatever the resident state holds: a commit used
 * to copy the whole map, and a report to sort all of it. Reads by key are not counted (O(1)).
 */
export class ResidentState extends Map<string, unknown> {
  readonly work = { visited: 0, written: 0 };

  override set(key: string, value: unknown): this {
    // The Map constructor calls set before fields exist; ResidentState is always built empty.
    this.work.written++;
    return super.set(key, value);
  }

  override *entries(): MapIterator<[string, unknown]> {
    for (const entry of super.entries()) {
      this.work.visited++;
      yield entry;
    }
  }

  override *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  override *values(): MapIterator<unknown> {
    for (const [, value] of this.entries()) yield value;
  }

  override [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.entries();
  }

  override forEach(callback: (value: unknown, key: string, map: Map<string, unknown>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}

/** Text the log stores exactly as given (an entry's leaf JSON, a hash), never re-serialised. */
export class RawText {
  constructor(readonly text: string) {}
}

/** A stored value as the overlay holds it: parsed and deep-frozen, or raw text. */
export type HeldValue = unknown;

/**
 * Parses a stored JSON value once and freezes it, so one object can be handed to every reader of
 * a batch without copying: no reader can change what another will read.
 */
export function thaw(text: string | undefined): unknown {
  return text === undefined ? undefined : deepFreeze(JSON.parse(text));
}


/**
 * The state of one group commit as it is being computed: reads fall through to what earlier
 * entries of the batch wrote, then to resident keys, then to values prefetched from the backend.
 * Values are parsed once and frozen; each key is serialised once, when the batch is written, so
 * a counter that every entry of a batch bumps costs one JSON round trip per batch, not per entry.
 */
export class BatchOverlay {
  private readonly puts = new Map<string, HeldValue>();
  private readonly fetched = new Map<string, unknown>();

  /**
   * @param resident the resident map as the last durable batch left it
   * @param pending the puts of the batch being written while this one is prepared (the
   *   pipeline's second stage), which this batch must see as if they were already durable
   */
  constructor(
    private readonly resident: ReadonlyMap<string, unknown>,
    private readonly pending: ReadonlyMap<string, HeldValue> = new Map(),
  ) {}

  /** Loads from the backend the keys not yet known to this batch. */
  async prefetch(backend: KvBackend, keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !isResident(key) && !this.puts.has(key) && !this.pending.has(key) && !this.fetched.has(key));
    const values = await backend.getMany(missing);
    missing.forEach((key, i) => this.fetched.set(key, thaw(values[i])));
  }

  /** A key's value as this batch sees it. Requires the key to be resident, pending or prefetched. */
  read(key: string): HeldValue {
    // A get first and `has` only on undefined: most reads find their key in the first map asked.
    const put = this.puts.get(key);
    if (put !== undefined || this.puts.has(key)) return put;
    const pending = this.pending.get(key);
    if (pending !== undefined || this.pending.has(key)) return pending;
    if (isResident(key)) return this.resident.get(key);
    const fetched = this.fetched.get(key);
    if (fetched === undefined && !this.fetched.has(key)) throw new Error(`state key read without prefetch: ${key}`);
    return fetched;
  }

  write(key: string, value: HeldValue): void {
    this.puts.set(key, value);
  }

  /** A transaction for one entry; its writes reach the batch only when it commits. */
  begin(): EntryTx {
    return new EntryTx(this);
  }

  /** The batch's puts as the overlay holds them, for the batch prepared after it. */
  get held(): ReadonlyMap<string, HeldValue> {
    return this.puts;
  }

  /** Every put of the batch as backend text, each key serialised once. */
  writes(): Array<[string, string]> {
    return [...this.puts].map(([key, value]) => [key, value instanceof RawText ? value.text : JSON.stringify(value)]);
  }

  /** The resident keys this batch changed, as the resident map holds them. */
  residentWrites(): Array<[string, unknown]> {
    return [...this.puts].filter(([key]) => isResident(key));
  }
}

/** The StateTx handed to the custody rules for a single entry. */
export class EntryTx {
  private readonly puts = new Map<string, HeldValue>();

  constructor(private readonly batch: BatchOverlay) {}

  /** A frozen value: callers build new objects rather than change what they read. */
  get(key: string): unknown {
    const put = this.puts.get(key);
    return put !== undefined || this.puts.has(key) ? put : this.batch.read(key);
  }

  put(key: string, value: unknown): void {
    this.puts.set(key, deepFreeze(value));
  }

  /** Writes raw text (the log's own records, such as the exact leaf bytes of an entry). */
  putRaw(key: string, text: string): void {
    this.puts.set(key, new RawText(text));
  }

  commit(): void {
    for (const [key, value] of this.puts) this.batch.write(key, value);
  }
}
