import { isDeepStrictEqual } from 'node:util';
import type { KvBackend } from './backend.js';
import { compareKeys } from './key-order.js';
import { LOG_KEYS } from './log-layout.js';

/** One key fsck found wrong: missing from the store, extra in it, or holding another value. */
export interface KeyProblem {
  kind: 'missing' | 'extra' | 'different';
  key: string;
  detail: string;
}

export interface KeyComparison {
  /** Store keys compared with the replay's. */
  compared: number;
  /** Log keys this version does not derive from the entries, so did not check (a later feature's). */
  unchecked: number;
}

/** Keys under `log/` that fsck derives from the entries; any other `log/` key is reported as unchecked. */
const DERIVED_LOG_PREFIXES = [LOG_KEYS.entryPrefix, 'log/h/', 'log/x/'];

/** No upper bound: a key past `'\uffff'` (a character above U+FFFF) is a key like any other. */
const EVERY_KEY = { gte: '' };

/**
 * Walks the store's keys and the replay's (`derived`, a scratch store holding only what the
 * replay produced) side by side, both in key order, and names every key that differs, in key
 * order: extra in the store, missing from it, or holding another value. Memory is one key of each
 * whatever their number: at eleven keys an entry, a ten-million-entry log has over a hundred
 * million of them. Entries themselves are the log scan's to check; here only an entry past the
 * log's `size` is named (as extra), and the head and checkpoint are skipped.
 * @throws the reason of `signal` once it is aborted
 */
export async function compareWithReplay(
  store: KvBackend,
  derived: KvBackend,
  size: number,
  note: (problem: KeyProblem) => void,
  signal?: AbortSignal,
): Promise<KeyComparison> {
  const counts: KeyComparison = { compared: 0, unchecked: 0 };
  const stored = store.scan(EVERY_KEY)[Symbol.asyncIterator]();
  const replayed = derived.scan(EVERY_KEY)[Symbol.asyncIterator]();
  const firstPastLog = LOG_KEYS.entry(size);
  let mine = await nextCompared(stored, counts, firstPastLog);
  let theirs = await replayed.next();
  while (!mine.done || !theirs.done) {
    signal?.throwIfAborted();
    const order = mine.done ? 1 : theirs.done ? -1 : compareKeys(mine.value[0], theirs.value[0]);
    if (order < 0) {
      const key = mine.value![0];
      if (key.startsWith(LOG_KEYS.entryPrefix)) note({ kind: 'extra', key, detail: `an entry past the log's size ${size}` });
      else note({ kind: 'extra', key, detail: 'the store holds this key; the replay does not produce it' });
    } else if (order > 0) note({ kind: 'missing', key: theirs.value![0], detail: 'the replay produces this key; the store lacks it' });
    else if (!sameValue(mine.value![1], theirs.value![1])) {
      note({ kind: 'different', key: mine.value![0], detail: `stored ${clip(mine.value![1])}, the replay gives ${clip(theirs.value![1])}` });
    }
    if (order <= 0) {
      if (!mine.value![0].startsWith(LOG_KEYS.entryPrefix)) counts.compared++;
      mine = await nextCompared(stored, counts, firstPastLog);
    }
    if (order >= 0) theirs = await replayed.next();
  }
  return counts;
}

/**
 * The store's next key to compare, passing over the log's entries (the log scan checked them:
 * only one past the log's size, from `firstPastLog` on, comes back, to be named), the head, the
 * checkpoint and the log keys fsck does not derive (counted as unchecked).
 */
async function nextCompared(stored: AsyncIterator<[string, string]>, counts: KeyComparison, firstPastLog: string): Promise<IteratorResult<[string, string]>> {
  for (;;) {
    const next = await stored.next();
    if (next.done) return next;
    const key = next.value[0];
    if (key.startsWith(LOG_KEYS.entryPrefix)) {
      if (key >= firstPastLog) return next;
    } else if (key === LOG_KEYS.head || key === LOG_KEYS.checkpoint) continue;
    else if (key.startsWith('log/') && !DERIVED_LOG_PREFIXES.some((prefix) => key.startsWith(prefix))) counts.unchecked++;
    else return next;
  }
}

/** Both are the same value: the same text (as the pipeline writes it), or the same JSON. */
function sameValue(stored: string, replayed: string): boolean {
  if (stored === replayed) return true;
  try {
    return isDeepStrictEqual(JSON.parse(stored), JSON.parse(replayed));
  } catch {
    return false;
  }
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
