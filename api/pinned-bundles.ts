/** Bytes of pinned bundles a server keeps unless configured (TALLY_PINNED_BUNDLE_CACHE_MB). */
export const DEFAULT_PINNED_BUNDLE_CACHE_BYTES = 32 * 2 ** 20;

/**
 * The served bytes of bundles pinned to a tree size (`bundle?size=N`, SPEC 6), kept in memory,
 * the least recently served dropped first, within a budget of bytes.
 *
 * Why: a pinned bundle never changes. It is proven against the checkpoint the log signed at N
 * (the stored note, without later cosignatures) and holds the entries below N, which are never
 * rewritten, so the same request always gets the same bytes. It is also what a passport pins, so
 * every buyer checking one product's passport asks for the same one. The bundle of a remelter's
 * ingot of ten thousand entries took about 90 ms of the request thread, the thread every
 * submission passes through (bench/deep-lineage.ts), and about 1 s once the ingot had changed
 * after the pinned size, when the lineage below it is replayed with every signature checked (a
 * scratch run in stop 37: 1,001 to 1,234 ms, median 1,034, after one more attestation). Kept, it
 * is served again without that work and without a place in the heavy-read queue.
 *
 * The bundle at the latest size is not kept: its checkpoint moves with every commit. What a
 * caller may see is checked before the cache is asked, and a bundle is the same for every caller
 * who may see its batch, so keeping one leaks nothing.
 */
export class PinnedBundleCache {
  /** Insertion order is recency: a hit is moved to the end, the front is dropped first. */
  private readonly bundles = new Map<string, Buffer>();
  private bytesHeld = 0;
  private readonly tally = { hits: 0, misses: 0 };

  /** @param maxBytes the budget; 0 keeps nothing, and a bundle larger than it is not kept */
  constructor(private readonly maxBytes: number = DEFAULT_PINNED_BUNDLE_CACHE_BYTES) {}

  /**
   * The bundle of batch `id` pinned at `size`: kept bytes, or `make`'s, which are then kept if
   * they fit. A failure of `make` (an unknown batch, a busy gate) is passed on and nothing is kept.
   * Requires `make` to give the bundle of exactly that batch and size.
   */
  async get(id: string, size: number, make: () => Promise<Buffer>): Promise<Buffer> {
    // Batch ids never contain '/' (SPEC 1), so the key names one pair.
    const key = `${size}/${id}`;
    const kept = this.bundles.get(key);
    if (kept !== undefined) {
      this.tally.hits++;
      this.bundles.delete(key);
      this.bundles.set(key, kept);
      return kept;
    }
    this.tally.misses++;
    const bytes = await make();
    this.keep(key, bytes);
    return bytes;
  }

  /** Hits and misses since the server started, and the bytes held now. */
  stats(): { hits: number; misses: number; bytes: number } {
    return { ...this.tally, bytes: this.bytesHeld };
  }

  private keep(key: string, bytes: Buffer): void {
    if (bytes.length > this.maxBytes) return;
    // Two requests for the same bundle may both have made it; the second replaces the first.
    const previous = this.bundles.get(key);
    if (previous !== undefined) {
      this.bundles.delete(key);
      this.bytesHeld -= previous.length;
    }
    for (const [oldest, held] of this.bundles) {
      if (this.bytesHeld + bytes.length <= this.maxBytes) break;
      this.bundles.delete(oldest);
      this.bytesHeld -= held.length;
    }
    this.bundles.set(key, bytes);
    this.bytesHeld += bytes.length;
  }
}
