/**
 * A Map of string keys that holds more than V8's limit of 2^24 (16,777,216) entries in one Map,
 * past which `set` throws `RangeError: Map maximum size exceeded`. A replay from genesis keeps the
 * whole custody state in one map, 8.33 keys per entry over the national-scale bench's million
 * entries when it keeps the query indexes: one Map stopped such a replay near 2.0 million entries,
 * whatever the memory (and fsck, which kept about three more keys an entry in memory until it
 * had a scratch store, near 1.5 million).
 *
 * While it is small this is a single Map, and costs about what one does (bench/state-capacity.ts).
 * When it reaches `splitAt` keys its entries are spread once over `shards` Maps by a hash of the
 * key (see hashKey), and every later operation hashes its key to find its Map.
 *
 * Iteration is in insertion order until the split, and shard by shard (each in insertion order)
 * after it: callers that need an order sort, as for any store scan.
 */

/** Keys held in one Map before the split: half of V8's limit, so the rehash never meets it. */
const DEFAULT_SPLIT_AT = 1 << 23;

/** Maps after the split: room for 64 * 2^24 keys, far beyond what the heap can hold. */
const DEFAULT_SHARDS = 64;

/**
 * FNV-1a (32-bit) of a string's UTF-16 code units from a per-map starting value, then
 * MurmurHash3's finaliser. FNV-1a alone spreads keys that share a long prefix, but its low bits
 * (which pick the shard) depend only on the low bits of each character, so ids written with
 * characters 64 apart ('0' and 'p') would always share a shard; the finaliser makes every bit
 * count. The random start keeps a participant from knowing where its keys land. Not a keyed hash
 * against a determined adversary, who would also need millions of entries of its own to fill one
 * shard's 2^24 keys.
 */
function hashKey(key: string, basis: number): number {
  let hash = basis;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export class LargeMap<V> implements Map<string, V> {
  /** One Map until the split, then `shards` of them. */
  private maps: Array<Map<string, V>> = [new Map()];
  private readonly splitAt: number;
  private readonly shardCount: number;
  private readonly basis = crypto.getRandomValues(new Uint32Array(1))[0]!;

  /**
   * @param options `splitAt` keys before spreading over `shards` Maps; both exist for tests, which
   *   exercise the split without sixteen million keys.
   */
  constructor(options: { splitAt?: number; shards?: number } = {}) {
    this.splitAt = Math.max(1, options.splitAt ?? DEFAULT_SPLIT_AT);
    this.shardCount = Math.max(2, options.shards ?? DEFAULT_SHARDS);
  }

  /** Whether the entries have been spread over several Maps. */
  get split(): boolean {
    return this.maps.length > 1;
  }

  private mapOf(key: string): Map<string, V> {
    const maps = this.maps;
    return maps.length === 1 ? maps[0]! : maps[hashKey(key, this.basis) % maps.length]!;
  }

  get size(): number {
    let size = 0;
    for (const map of this.maps) size += map.size;
    return size;
  }

  get(key: string): V | undefined {
    return this.mapOf(key).get(key);
  }

  has(key: string): boolean {
    return this.mapOf(key).has(key);
  }

  set(key: string, value: V): this {
    if (this.maps.length === 1 && this.maps[0]!.size >= this.splitAt && !this.maps[0]!.has(key)) this.spread();
    this.mapOf(key).set(key, value);
    return this;
  }

  delete(key: string): boolean {
    return this.mapOf(key).delete(key);
  }

  clear(): void {
    this.maps = [new Map()];
  }

  forEach(callback: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    for (const map of this.maps) map.forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  *entries(): MapIterator<[string, V]> {
    for (const map of this.maps) yield* map.entries();
  }

  *keys(): MapIterator<string> {
    for (const map of this.maps) yield* map.keys();
  }

  *values(): MapIterator<V> {
    for (const map of this.maps) yield* map.values();
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'LargeMap';
  }

  /** Moves every entry of the single Map into its shard (once, at `splitAt` keys). */
  private spread(): void {
    const [single] = this.maps;
    const shards = Array.from({ length: this.shardCount }, () => new Map<string, V>());
    for (const [key, value] of single!) shards[hashKey(key, this.basis) % shards.length]!.set(key, value);
    this.maps = shards;
  }
}
