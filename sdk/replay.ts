import type { Entry } from '../schemas/entry.js';
import type { ErrorCode } from '../schemas/errors/index.js';
import type { LedgerMeta } from '../schemas/state.js';
import { isTallyError } from '../ledger/errors.js';
import { toHex } from '../ledger/encoding/bytes.js';
import { sealEntries } from '../ledger/log/event-signing.js';
import { nobleHashes, type LogHashes } from '../ledger/crypto/hash.js';
import { nobleVerify, type VerifyFn } from '../ledger/crypto/signature.js';
import type { SubgroupCheck } from '../ledger/crypto/keys.js';
import { entryLeafBytes, GENESIS_PREV } from '../ledger/log/entry.js';
import { CompactRange } from '../ledger/merkle/compact.js';
import { applyEntry, type ApplyOptions } from '../ledger/custody/apply.js';
import { stateKeys } from '../ledger/custody/keys.js';
import { FrozenStateTx } from '../ledger/custody/state-tx.js';
import { LargeMap } from '../ledger/collections/large-map.js';
import type { MassTotals } from '../ledger/custody/aggregates.js';
import { verifyCheckpoint, type Checkpoint } from './verify/checkpoint.js';
import { SignaturesAhead, type BatchVerifyFn } from './signatures-ahead.js';

/**
 * Full replay for auditors: every entry of the log, from genesis to a checkpoint, is checked for
 * its place (seq, prev), hashed into the Merkle tree, and applied with the custody rules, so
 * every signature is checked against the key directory as it stood at that entry and every
 * business rule as the server applied it. At the end the recomputed tree must be the one the
 * checkpoint signs. This is what a bundle cannot do: it shows that nothing was left out.
 */

/** Entries the API returns per page at most (`GET /v1/entries?limit=`). */
const DEFAULT_PAGE_SIZE = 1000;

/**
 * Entries applied between two turns of the event loop. Applying is synchronous, so without a
 * turn the next page's fetch (a network read) and its hand-over to the verify pool wait for the
 * whole page to be applied, and the pool's verdicts (signatures-ahead.ts) wait with them. A turn
 * costs microseconds; 50 entries are milliseconds of rules.
 */
const ENTRIES_PER_TURN = 50;

/**
 * Lets pending I/O and promise continuations run: setImmediate on Node; elsewhere nothing, since
 * a browser's timers wait at least 4 ms once nested and a browser replay has no pool to feed.
 */
const nextTurn: (() => Promise<void>) | undefined = typeof setImmediate === 'function' ? () => new Promise((resolve) => setImmediate(resolve)) : undefined;

export interface ReplayOptions {
  /** `GET /v1/entries?from=&limit=`: entries in order from `from`, at most `limit` of them. */
  fetchEntries: (from: number, limit: number) => Promise<Entry[]>;
  /** The pinned verifier key string of the log. */
  logKey: string;
  /** The checkpoint to replay up to (the latest, usually); entries past its size are ignored. */
  checkpoint: string;
  /**
   * Ed25519 check; defaults to @noble/ed25519, about 3 ms a signature. Node callers should pass
   * sdk/node-verify.ts's `nodeVerify` (OpenSSL), which agrees with it on every key the log accepts.
   */
  verify?: VerifyFn;
  /**
   * Checks signatures elsewhere while entries are applied: on Node, pass sdk/node/verify-pool.ts's
   * `verifyBatch` (worker threads). The pool works from the far end of the pages fetched, the
   * applying thread checks what the pool has not reached (signatures-ahead.ts), so both cores
   * verify. Only a head start: each entry's signature is still judged when it is applied,
   * against the key the custody rules find valid at that position; one the pool did not confirm
   * for that very key is checked with `verify`.
   */
  verifyAhead?: BatchVerifyFn;
  /**
   * The log's hashes (leaf and tree nodes); defaults to @noble/hashes, which runs anywhere. Node
   * callers pass `nodeHashes` (`@tally-ledger/sdk/node`, OpenSSL): the same bytes, about three
   * times cheaper per entry.
   */
  hashes?: LogHashes;
  /**
   * Whether the returned state also holds the query indexes the server keeps (lineage, holdings,
   * visibility, entries by batch and participant); defaults to true. No custody rule reads them, so
   * every link, signature and rule is judged the same without them: `tally replay`, which only
   * reports the verdict and a summary, passes false: a tenth of the memory (267 against 2,589
   * bytes an entry at a million entries) and 1.7 times the speed there. Pass true (or leave it
   * out) to query the replayed state afterwards.
   */
  indexes?: boolean;
  /**
   * Decides whether each key the log registers is torsion-free (SPEC 2); defaults to @noble's
   * scalar multiplication, about 0.8 ms a key. Node callers pass `nodeSubgroupCheck`
   * (`@tally-ledger/sdk/node`, OpenSSL's X25519): the same verdicts for about a tenth of that.
   */
  subgroupCheck?: SubgroupCheck;
  /** Entries asked for per call; defaults to 1000. */
  pageSize?: number;
  /** Called after each page. */
  onProgress?: (progress: ReplayProgress) => void;
  /** Milliseconds clock for the summary's duration; defaults to performance.now. */
  now?: () => number;
}

export type { BatchVerifyFn, SignatureCheck } from './signatures-ahead.js';

export interface ReplayProgress {
  /** Entries replayed so far. */
  done: number;
  /** The checkpoint's size. */
  total: number;
}

export interface ReplaySummary {
  size: number;
  rootHash: string;
  participants: number;
  batches: number;
  /** Conservation totals per material, as the custody rules keep them. */
  materials: Record<string, MassTotals>;
  durationMs: number;
}

/** The first entry found bad, and why. */
export interface ReplayFailure {
  seq: number;
  code: ErrorCode;
  message: string;
  /** The custody or log code the entry broke, for `replay_invalid_entry`. */
  cause?: ErrorCode | 'internal';
  /** Path of the offending field within the entry, when the rule names one. */
  path?: ReadonlyArray<string | number>;
}

export type ReplayResult =
  | { ok: true; summary: ReplaySummary; checkpoint: Checkpoint; state: ReadonlyMap<string, unknown> }
  | { ok: false; failure: ReplayFailure; checkpoint: Checkpoint; replayed: number };

/** Stops the replay at the first bad entry; caught in {@link replayLog} and turned into a result. */
class ReplayStop {
  constructor(readonly failure: ReplayFailure) {}
}

function summarise(state: ReadonlyMap<string, unknown>, checkpoint: Checkpoint, durationMs: number): ReplaySummary {
  let participants = 0;
  let batches = 0;
  const materials: Record<string, MassTotals> = {};
  const massPrefix = stateKeys.massTotals('');
  for (const [key, value] of state) {
    if (key.startsWith('p/')) participants++;
    else if (key.startsWith('b/')) batches++;
    else if (key.startsWith(massPrefix)) materials[key.slice(massPrefix.length)] = value as MassTotals;
  }
  return { size: checkpoint.size, rootHash: checkpoint.rootHash, participants, batches, materials, durationMs };
}

/** Checks and applies one entry at position `seq` whose predecessor hashes to `prev`; returns its leaf hash. */
function replayOne(entry: Entry, seq: number, prev: string, state: Map<string, unknown>, logKey: string, verify: VerifyFn, hashes: LogHashes, apply: ApplyOptions): Uint8Array {
  if (entry.seq !== seq) throw new ReplayStop({ seq, code: 'replay_entry_out_of_order', message: `position ${seq} holds an entry with seq ${entry.seq}` });
  if (entry.prev !== prev) {
    throw new ReplayStop({
      seq,
      code: 'replay_prev_mismatch',
      message: seq === 0 ? 'the prev of entry 0 is not 64 zeros' : `entry ${seq - 1} was altered, or the prev of entry ${seq}: the hash of entry ${seq - 1} is not the prev entry ${seq} records`,
    });
  }
  let hash: Uint8Array;
  const tx = new FrozenStateTx(state);
  try {
    hash = hashes.leafHash(entryLeafBytes(entry));
    applyEntry(entry, tx, verify, apply);
  } catch (err) {
    const cause = isTallyError(err) ? err.code : 'internal';
    const message = `entry ${seq} (${String(entry.event?.type)}): ${cause}: ${err instanceof Error ? err.message : String(err)}`;
    throw new ReplayStop({ seq, code: 'replay_invalid_entry', message, cause, ...(isTallyError(err) && err.path ? { path: err.path } : {}) });
  }
  tx.commit();
  if (seq === 0) {
    const meta = state.get(stateKeys.ledgerMeta) as LedgerMeta;
    if (meta.logKey !== logKey) {
      throw new ReplayStop({ seq, code: 'replay_invalid_entry', message: `genesis names log key ${meta.logKey}, the trusted key is ${logKey}`, path: ['event', 'logKey'] });
    }
  }
  return hash;
}

/**
 * Replays the log from genesis up to `checkpoint` and reports the first bad entry, or a summary.
 * Requires `fetchEntries` to page through the log (it may return fewer entries than asked).
 * Cost: one signature check and one hash per entry, O(log n) memory for the tree, and the whole
 * custody state in memory (a Map of frozen JSON values), which the result returns for queries;
 * with `indexes: false`, only the state the rules read (participants, batches, counters).
 * @returns `{ ok: false, failure }` naming the seq and the code: `replay_entry_out_of_order`,
 *   `replay_prev_mismatch`, `replay_invalid_entry` (with the broken rule's code as `cause`),
 *   `replay_truncated`, `replay_root_mismatch`.
 * @throws TallyError `invalid_checkpoint` if `checkpoint` does not verify with `logKey`
 *   (nothing can be replayed against it); whatever `fetchEntries` throws (network errors).
 * @example const result = await replayLog({ fetchEntries, logKey, checkpoint, verify: nodeVerify });
 */
export async function replayLog(options: ReplayOptions): Promise<ReplayResult> {
  const fallback = options.verify ?? nobleVerify;
  const now = options.now ?? (() => performance.now());
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const started = now();
  const checkpoint = verifyCheckpoint(options.checkpoint, options.logKey, fallback);
  const ahead = options.verifyAhead ? new SignaturesAhead(options.verifyAhead, fallback) : undefined;
  const verify = ahead ? ahead.verify : fallback;
  const hashes = options.hashes ?? nobleHashes;
  const tree = new CompactRange(hashes.nodeHash);
  const apply: ApplyOptions = { indexes: options.indexes !== false, subgroupCheck: options.subgroupCheck };
  // Past one Map's 2^24 keys (about two million entries): see large-map.ts.
  const state = new LargeMap<unknown>();
  let prev = GENESIS_PREV;
  // The next page is fetched (and its signatures checked ahead) while this one is applied.
  const load = async (from: number): Promise<Entry[]> => {
    if (from >= checkpoint.size) return [];
    const page = await options.fetchEntries(from, Math.min(pageSize, checkpoint.size - from));
    sealEntries(page);
    ahead?.queuePage(page);
    return page;
  };
  try {
    let next = load(0);
    while (tree.size < checkpoint.size) {
      const page = await next;
      if (page.length === 0) {
        throw new ReplayStop({ seq: tree.size, code: 'replay_truncated', message: `the entry source ended at ${tree.size} entries, the checkpoint has ${checkpoint.size}` });
      }
      const take = page.slice(0, checkpoint.size - tree.size);
      next = load(tree.size + take.length);
      // A rejected look-ahead is seen when its turn comes, not as an unhandled rejection now.
      next.catch(() => {});
      for (let i = 0; i < take.length; i++) {
        if (nextTurn !== undefined && i > 0 && i % ENTRIES_PER_TURN === 0) await nextTurn();
        // The pool has this entry's signature in hand: wait for its verdict rather than check it twice.
        const atPool = ahead?.pending(take[i]!);
        if (atPool !== undefined) await atPool;
        const hash = replayOne(take[i]!, tree.size, prev, state, options.logKey, verify, hashes, apply);
        tree.append(hash);
        prev = toHex(hash);
      }
      options.onProgress?.({ done: tree.size, total: checkpoint.size });
    }
    const root = toHex(tree.root());
    if (root !== checkpoint.rootHash) {
      const last = checkpoint.size - 1;
      throw new ReplayStop({
        seq: last,
        code: 'replay_root_mismatch',
        message: `the entries give root ${root}, the checkpoint of size ${checkpoint.size} signs ${checkpoint.rootHash}; every prev link holds, so entry ${last} (whose hash no later entry records) was altered, or this is another history`,
      });
    }
  } catch (err) {
    if (err instanceof ReplayStop) return { ok: false, failure: err.failure, checkpoint, replayed: tree.size };
    throw err;
  }
  return { ok: true, summary: summarise(state, checkpoint, now() - started), checkpoint, state };
}
