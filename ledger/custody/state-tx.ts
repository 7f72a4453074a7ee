import { canonicalize } from '../encoding/jcs.js';
import { deepFreeze } from '../encoding/deep-freeze.js';

/**
 * The custody rules read and write state through this interface, one transaction per entry.
 * Values are JSON values. A store must make `get` see the `put`s made earlier in the same
 * transaction, and must discard every `put` of an entry whose apply throws.
 * Keys outside `agg/` and `meta/` may only be read if listed by `keysTouched(event)`.
 */
export interface StateTx {
  get(key: string): unknown | undefined;
  put(key: string, value: unknown): void;
}

/**
 * Read-only committed state for queries. `scan` yields the keys starting with `prefix` in
 * ascending (UTF-16 code unit, which is byte order for our ASCII keys) order; with `startAfter`,
 * only the keys after it (a page cursor).
 */
export interface StateSource {
  get(key: string): Promise<unknown>;
  /** The values of `keys`, in order: one round trip for a whole generation of a lineage walk. */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  scan(prefix: string, startAfter?: string): AsyncIterable<[string, unknown]>;
}

/** The least key greater than `key`: where a scan that starts after `key` begins. */
export function keyAfter(key: string): string {
  return key + '\u0000';
}

/**
 * A StateTx over a Map of canonical JSON text, used by tests and by offline replay (SDK).
 * Writes are staged until {@link MemoryStateTx.commit}, so an entry that throws leaves the map
 * untouched. Values are stored as JCS so that two replays can be compared byte for byte and no
 * caller can mutate a value another will read.
 */
export class MemoryStateTx implements StateTx {
  private readonly staged = new Map<string, string>();
  /** Every key read, so tests can check that apply reads only what keysTouched announced. */
  readonly reads = new Set<string>();

  constructor(private readonly committed: Map<string, string>) {}

  get(key: string): unknown | undefined {
    this.reads.add(key);
    const text = this.staged.get(key) ?? this.committed.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** @throws TallyError `non_canonical_value` for a value that is not canonical JSON (floats, undefined members). */
  put(key: string, value: unknown): void {
    this.staged.set(key, canonicalize(value));
  }

  /** Writes the staged puts into the map. */
  commit(): void {
    for (const [key, text] of this.staged) this.committed.set(key, text);
    this.staged.clear();
  }
}

/**
 * A StateTx over a Map of deep-frozen values: the same semantics as {@link MemoryStateTx}
 * without a parse per read and a canonicalisation per write, for long replays (an auditor's
 * million entries). Values are shared, never copied; freezing keeps them unchangeable.
 */
export class FrozenStateTx implements StateTx {
  private readonly staged = new Map<string, unknown>();

  constructor(private readonly committed: Map<string, unknown>) {}

  /** Whether an undefined was staged (which `get` must return rather than the committed value). */
  private stagedUndefined = false;

  get(key: string): unknown | undefined {
    // One lookup of the staged puts and one of the committed map; `has` is asked only when an
    // undefined was staged, which the rules never do (MemoryStateTx refuses it).
    const staged = this.staged.get(key);
    if (staged !== undefined || (this.stagedUndefined && this.staged.has(key))) return staged;
    return this.committed.get(key);
  }

  put(key: string, value: unknown): void {
    if (value === undefined) this.stagedUndefined = true;
    this.staged.set(key, deepFreeze(value));
  }

  /** Writes the staged puts into the map. */
  commit(): void {
    const committed = this.committed;
    this.staged.forEach((value, key) => committed.set(key, value));
    this.staged.clear();
  }
}

/** A StateSource over the same Map of canonical JSON text as {@link MemoryStateTx}. */
export class MemoryStateSource implements StateSource {
  constructor(private readonly values: ReadonlyMap<string, string>) {}

  async get(key: string): Promise<unknown> {
    const text = this.values.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  async getMany(keys: readonly string[]): Promise<unknown[]> {
    return keys.map((key) => {
      const text = this.values.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    });
  }

  async *scan(prefix: string, startAfter?: string): AsyncIterable<[string, unknown]> {
    // Sorting per scan costs O(n log n) in the whole map; fine for tests and offline replay, which
    // is all this source is for. The stores answer scans from ordered storage.
    const keys = [...this.values.keys()].filter((key) => key.startsWith(prefix) && (startAfter === undefined || key > startAfter)).sort();
    for (const key of keys) yield [key, JSON.parse(this.values.get(key)!)];
  }
}
