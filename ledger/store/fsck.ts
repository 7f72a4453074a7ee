import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import type { VerifyFn } from '../crypto/signature.js';
import type { LogHashes } from '../crypto/hash.js';
import type { SubgroupCheck } from '../crypto/keys.js';
import type { KvBackend } from './backend.js';
import { compareWithReplay } from './fsck-compare.js';
import { RefusedEntry, ScratchReplay, type ScannedEntry, type SignaturesAheadOf } from './fsck-replay.js';
import { LOG_KEYS } from './log-layout.js';
import { recomputeLog } from './recovery.js';

/** One thing fsck found wrong: a key (missing, extra or different) or an entry. */
export interface FsckProblem {
  kind: 'entry' | 'missing' | 'extra' | 'different';
  /** The store key concerned (the entry's key for `entry`). */
  key: string;
  detail: string;
}

export interface FsckReport {
  ok: boolean;
  /** Entries replayed (the log's size when it is sound). */
  entries: number;
  /** Keys compared besides the entries themselves (state, indexes, tree hashes, event ids). */
  keysCompared: number;
  /** The first problems found (at most MAX_LISTED): an entry problem, or key problems in key order. */
  problems: FsckProblem[];
  /** How many problems there were in all. */
  problemCount: number;
  /** Log keys this version does not derive from the entries, so did not check (a later feature's). */
  unchecked: number;
}

const MAX_LISTED = 20;

/** Entries per page of the replay: the unit of one prefetch, one scratch write, one batch of signatures ahead. */
const PAGE = 1000;

export interface FsckOptions {
  verify: VerifyFn;
  /**
   * An empty store for the replay's derived keys (about the size of the store's state and
   * indexes), which fsck fills and leaves to the caller to remove: `tally fsck` uses a LevelDB in
   * a temporary directory, a test a MemoryBackend.
   */
  scratch: KvBackend;
  /** Verifier key string to check the checkpoint with; defaults to the one genesis names. */
  logKey?: string;
  /** Decides registered keys' torsion (noble's when not given; `tally fsck` passes OpenSSL's). */
  subgroupCheck?: SubgroupCheck;
  /** The log's hashes; @noble/hashes by default, node:crypto's for `tally fsck` (node-hashes.ts). */
  hashes?: LogHashes;
  /** Signature checks started a page ahead, off this thread (`tally fsck` uses a worker pool). */
  ahead?: SignaturesAheadOf;
  /** Entries replayed so far, once a page. */
  onProgress?: (entries: number) => void;
  /** Entries per page (PAGE by default); a test makes them small, to cross pages in a short log. */
  pageSize?: number;
  /**
   * Stops the check between two entries or two compared keys, rejecting with the signal's reason,
   * so the caller can close the scratch store before removing it (LevelDB writes its tables on a
   * thread of its own until it is closed).
   */
  signal?: AbortSignal;
}

/**
 * `tally fsck`: the full offline check of a store. Replays every stored entry from genesis
 * through the custody rules (every signature and rule) into an empty scratch store, while
 * recomputing the hash chain and the tree; checks the root, head and frontier against the last
 * signed checkpoint; then walks the store and the scratch store side by side and compares every
 * key, in both directions (missing, extra, different): state, indexes, aggregates, subtree
 * hashes, event-id records. The start-up check reads O(log n) keys and cannot see a state key or
 * an old entry altered behind its back; this can.
 *
 * Cost: O(n) entries and O(k) in the k derived keys, written once to the scratch store and read
 * back once in order. Memory: a page of entries and the resident keys (aggregates, participants),
 * whatever the log's length (before the scratch store it held the whole derived state: 2.6 KB
 * an entry, about 26 GB at ten million entries). An offline tool, on a copy or a stopped server.
 */
export async function fsck(backend: KvBackend, options: FsckOptions): Promise<FsckReport> {
  const report: FsckReport = { ok: true, entries: 0, keysCompared: 0, problems: [], problemCount: 0, unchecked: 0 };
  const note = (problem: FsckProblem) => {
    report.ok = false;
    report.problemCount++;
    if (report.problems.length < MAX_LISTED) report.problems.push(problem);
  };
  for await (const [key] of options.scratch.scan({ gte: '', limit: 1 })) {
    throw new Error(`fsck needs an empty scratch store; this one holds ${key}`);
  }

  const genesisText = await backend.get(LOG_KEYS.entry(0));
  if (genesisText === undefined) {
    note({ kind: 'entry', key: LOG_KEYS.entry(0), detail: 'entry 0 (genesis) is missing' });
    return report;
  }
  let logKey: string;
  try {
    logKey = options.logKey ?? String((JSON.parse(genesisText) as Entry).event.logKey ?? '');
  } catch {
    note({ kind: 'entry', key: LOG_KEYS.entry(0), detail: 'entry 0 (genesis) is not an entry: it names no log key' });
    return report;
  }

  const replay = new ScratchReplay(options.scratch, options.verify, Math.max(1, Math.floor(options.pageSize ?? PAGE)), { subgroupCheck: options.subgroupCheck }, options.ahead, options.hashes);
  let scanned = 0;
  const applied = () => {
    report.entries = replay.size;
    options.onProgress?.(report.entries);
  };
  try {
    await recomputeLog(backend, logKey, options.verify, {
      ...(options.hashes ? { hashes: options.hashes } : {}),
      onEntry: (entry, _text, hash, subtrees) => {
        options.signal?.throwIfAborted();
        scanned++;
        return replay.add({ entry, hash, subtrees })?.then(applied);
      },
      afterEntries: () => replay.flush().then(applied),
    });
  } catch (thrown) {
    let err = thrown;
    // The scan stops at the first broken link, which can be the entry after the altered one: the
    // entries read before it are applied first, so that an earlier entry breaking a rule (its
    // signature, say) is named, as a replay entry by entry would have.
    if ((err as TallyError).code === 'store_corrupt' && !options.signal?.aborted) {
      try {
        await replay.flush();
      } catch (refused) {
        if (!(refused instanceof RefusedEntry)) throw refused;
        err = refused;
      }
    }
    if (err instanceof RefusedEntry) {
      const { entry } = err;
      note({ kind: 'entry', key: LOG_KEYS.entry(entry.seq), detail: `entry ${entry.seq} (${entry.event?.type}) breaks the rules: [${err.code}] ${err.message}` });
    } else if ((err as TallyError).code === 'store_corrupt') {
      const message = (err as Error).message;
      note({ kind: 'entry', key: /checkpoint|head/.test(message) && !message.startsWith('entry') ? LOG_KEYS.checkpoint : LOG_KEYS.entry(scanned), detail: message });
    } else throw err;
    return report;
  }

  const counts = await compareWithReplay(backend, options.scratch, report.entries, note, options.signal);
  report.keysCompared = counts.compared;
  report.unchecked = counts.unchecked;
  return report;
}
