import { Level } from 'level';
import type { KeyRange, KvBackend } from './backend.js';
import { classifyStoreError } from './store-errors.js';

/** Entries a scan takes from LevelDB at a time. */
const SCAN_BATCH = 1000;

/**
 * LevelDB's memtable, which it writes out as a table when full (its default is 4 MB). Every
 * flush starts compactions that merge the new table into the levels below, on a thread that shares
 * the two cores with the request thread and the signature checks: under ingest at 64 connections it
 * took about 79 us of CPU an event with 4 MB and 19 us with 32 MB (60,000 events, about 105 MB
 * written). 16 MB keeps most of that gain for a quarter of 64 MB's memory: ingest ran at 4,955 and
 * 5,078 events/s against 4,482 and 4,666/s with the default (two rounds each; 32 MB 4,900 and
 * 5,288, 64 MB 5,073 and 5,174). Durability is the log's fsync, which this does not change; a
 * restart replays at most this much of the log file.
 */
const WRITE_BUFFER_BYTES = 16 * 2 ** 20;

/**
 * Reads of at most this many keys are made on the calling thread unless `open` is told otherwise.
 * A group commit of a few submissions prefetches a handful of state keys, which LevelDB finds in
 * its caches in microseconds; on the thread pool the same read kept the server's request thread
 * waiting 0.17 ms (median) for its turn and its answer at 4 connections, where that wait lies on
 * the path of every acknowledgement (stop 29). A larger read (a busy batch's, a bundle's) still
 * goes to the pool, so no request holds the thread for long.
 */
export const SMALL_READ_KEYS = 16;

/**
 * The embedded default store: LevelDB through `level`. Writes use the chained batch form with
 * `sync: true`, the fast durable form on these machines (the array form with options is about
 * 2.5 times slower).
 */
export class LevelBackend implements KvBackend {
  private constructor(
    private readonly db: Level<string, string>,
    private readonly location: string,
    private readonly sync: boolean,
    private readonly inlineReadKeys: number,
  ) {}

  /**
   * LevelDB memory-maps each table file it keeps open (up to 1000 by default), and opening a
   * ledger reads every entry to recompute the tree, so with the default the mapped tables stayed
   * resident: the server's RSS grew with the store (about 350 MB of tables at a million entries).
   * LevelDB's smallest table cache (`maxOpenFiles` 64; it raises anything lower) bounds them to
   * about 130 MB whatever the size of the store (RSS 587 -> 190 MB at a million entries). A table
   * that was closed is reopened from the page cache: random state reads measured the same, and a
   * proof's reads (subtrees scattered over many tables) about 0.1 ms slower, well under its 1 ms.
   * @param options.durable false for a scratch store that nothing needs after a crash (fsck's):
   *   its writes skip the fsync, so `write` no longer promises durability
   * @param options.inlineReadKeys reads of at most this many keys are made on the calling thread
   *   (LevelDB's synchronous get) rather than on the thread pool: a lookup LevelDB answers from
   *   its caches takes microseconds, where the trip to the pool and back costs the caller 100 to
   *   300 us of wall time on a busy machine. By default SMALL_READ_KEYS, so a server's request
   *   thread is not held up by a large read (a bundle's); Infinity for a process that serves
   *   nothing else (fsck's replay, which reads between entries); 0 sends every read to the pool
   * @throws TallyError `store_locked`, `store_read_only`, `store_disk_full` (see store-errors.ts)
   */
  static async open(location: string, options: { durable?: boolean; inlineReadKeys?: number } = {}): Promise<LevelBackend> {
    const db = new Level<string, string>(location, { keyEncoding: 'utf8', valueEncoding: 'utf8', maxOpenFiles: 64, writeBufferSize: WRITE_BUFFER_BYTES });
    try {
      await db.open();
    } catch (err) {
      throw classifyStoreError(err, location);
    }
    return new LevelBackend(db, location, options.durable !== false, options.inlineReadKeys ?? SMALL_READ_KEYS);
  }

  async get(key: string): Promise<string | undefined> {
    if (this.inlineReadKeys >= 1) return this.db.getSync(key) ?? undefined;
    return (await this.db.get(key)) ?? undefined;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    if (keys.length === 0) return [];
    if (keys.length <= this.inlineReadKeys) return keys.map((key) => this.db.getSync(key) ?? undefined);
    const values = await this.db.getMany(keys as string[]);
    return values.map((value) => value ?? undefined);
  }

  /**
   * In batches of SCAN_BATCH from the iterator (its `nextv`), rather than one promise per entry
   * from its own async iteration: a whole-store scan (fsck's comparison walks two) took 1.35 to
   * 1.61 us a key against 1.86 to 2.26 us (229,774 keys, three scratch runs), and `tally fsck` of
   * the replay bench's 20,000 entries 5.79, 5.84 and 5.98 s against 5.99, 6.09 and 6.20 s
   * (alternating runs).
   */
  async *scan(range: KeyRange): AsyncIterable<[string, string]> {
    const iterator = this.db.iterator({ gte: range.gte, ...(range.lt === undefined ? {} : { lt: range.lt }), reverse: range.reverse ?? false, limit: range.limit ?? -1 });
    try {
      for (;;) {
        const batch = await iterator.nextv(SCAN_BATCH);
        if (batch.length === 0) return;
        for (const [key, value] of batch) yield [key, value];
      }
    } finally {
      await iterator.close();
    }
  }

  async write(puts: ReadonlyArray<readonly [string, string]>): Promise<void> {
    const batch = this.db.batch();
    for (const [key, value] of puts) batch.put(key, value);
    try {
      await batch.write({ sync: this.sync });
    } catch (err) {
      throw classifyStoreError(err, this.location);
    }
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
