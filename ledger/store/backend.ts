/**
 * The small storage interface under the log. Keys and values are strings; key order is byte
 * order of their UTF-8 (all keys Tally writes are ASCII). `write` is atomic and durable: when its
 * promise resolves, every put in it survives a crash or a power cut, and a crash before then
 * leaves none of them visible.
 */
export interface KvBackend {
  get(key: string): Promise<string | undefined>;
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  /** Entries with gte <= key < lt, in key order (reversed when `reverse`), at most `limit`. */
  scan(range: KeyRange): AsyncIterable<[string, string]>;
  write(puts: ReadonlyArray<readonly [string, string]>): Promise<void>;
  close(): Promise<void>;
}

export interface KeyRange {
  gte: string;
  /**
   * Omitted: to the last key. A bound such as `'\uffff'` stops below every key with a character
   * past U+FFFF there (its UTF-8 sorts higher), so a scan of every key, which fsck makes, omits it.
   */
  lt?: string;
  limit?: number;
  reverse?: boolean;
}

/** The range of every key that starts with `prefix`. */
export function prefixRange(prefix: string): KeyRange {
  return { gte: prefix, lt: prefix + '\uffff' };
}
