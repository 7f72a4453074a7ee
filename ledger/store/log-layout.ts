import { seq16 } from '../custody/keys.js';

/**
 * Where the log's own records live in the key-value store. Numbers are fixed-width hex so that
 * key order is numeric order.
 */
export const LOG_KEYS = {
  head: 'log/head',
  checkpoint: 'log/cp',
  /**
   * Every checkpoint the log signed, by size (one per group commit), so that a bundle can be
   * proven against a size a passport pinned (SPEC 6, `bundle?size=N`).
   */
  signedCheckpoint: (size: number) => `log/c/${seq16(size)}`,
  entryPrefix: 'log/e/',
  entry: (seq: number) => `log/e/${seq16(seq)}`,
  /** Hash of the complete subtree at `level` covering leaves [index * 2^level, (index + 1) * 2^level). */
  subtree: (level: number, index: number) => `log/h/${level.toString(16).padStart(2, '0')}/${seq16(index)}`,
  eventId: (id: string) => `log/x/${id}`,
} as const;

/** What `log/head` holds: enough to resume appending without reading the whole log. */
export interface LogHead {
  size: number;
  rootHash: string;
  /** Entry hash of entry size-1 (the next entry's `prev`), or 64 zeros when empty. */
  lastHash: string;
  /** Hashes of the perfect subtrees of the tree's right edge, largest first (compact range). */
  frontier: string[];
}
