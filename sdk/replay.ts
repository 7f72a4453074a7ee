import type { Entry } from '../schemas/entry.js';
import type { ErrorCode } from '../schemas/errors/index.js';
import type { LedgerMeta } from '../schemas/state.js';
import { isTallyError } from '../ledger/errors.js';
import { toHex } from '../ledger/encoding/bytes.js';
import { leafHash } from '../ledger/crypto/hash.js';
import { nobleVerify, type VerifyFn } from '../ledger/crypto/signature.js';
import { entryLeafBytes, GENESIS_PREV } from '../ledger/log/entry.js';
import { CompactRange } from '../ledger/merkle/compact.js';
import { applyEntry } from '../ledger/custody/apply.js';
import { stateKeys } from '../ledger/custody/keys.js';
import { FrozenStateTx } from '../ledger/custody/state-tx.js';
import type { MassTotals } from '../ledger/custody/aggregates.js';
import { verifyCheckpoint, type Checkpoint } from './verify/checkpoint.js';

/**
 * Full replay for auditors: every entry of the log, from genesis to a checkpoint, is checked for
 * its place (seq, prev), hashed into the Merkle tree, and applied with the custody rules, so
 * every signature is checked against the key directory as it stood at that entry and every
 * business rule as the server applied it. At the end the recomputed tree must be the one the
 * checkpoint signs. This is what a bundle cannot do: it shows that nothing was left out.
 */

/** Entries the API returns per page at most (`GET /v1/entries?limit=`). */
const DEFAULT_PAGE_SIZE = 1000;

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
  /** Entries asked for per call; defaults to 1000. */
  pageSize?: number;
  /** Called after each page. */
  onProgress?: (progress: ReplayProgress) => void;
  /** Milliseconds clock for the summary's duration; defaults to performance.now. */
  now?: () => number;
}

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
function replayOne(entry: Entry, seq: number, prev: string, state: Map<string, unknown>, logKey: string, verify: VerifyFn): Uint8Array {
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
    hash = leafHash(entryLeafBytes(entry));
    applyEntry(entry, tx, verify);
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
 * custody state in memory (a Map of frozen JSON values), which the result returns for queries.
 * @returns `{ ok: false, failure }` naming the seq and the code: `replay_entry_out_of_order`,
 *   `replay_prev_mismatch`, `replay_invalid_entry` (with the broken rule's code as `cause`),
 *   `replay_truncated`, `replay_root_mismatch`.
 * @throws TallyError `invalid_checkpoint` if `checkpoint` does not verify with `logKey`
 *   (nothing can be replayed against it); whatever `fetchEntries` throws (network errors).
 * @example const result = await replayLog({ fetchEntries, logKey, checkpoint, verify: nodeVerify });
 */
export async function replayLog(options: ReplayOptions): Promise<ReplayResult> {
  const verify = options.verify ?? nobleVerify;
  const now = options.now ?? (() => performance.now());
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const started = now();
  const checkpoint = verifyCheckpoint(options.checkpoint, options.logKey, verify);
  const tree = new CompactRange();
  const state = new Map<string, unknown>();
  let prev = GENESIS_PREV;
  try {
    while (tree.size < checkpoint.size) {
      const page = await options.fetchEntries(tree.size, Math.min(pageSize, checkpoint.size - tree.size));
      if (page.length === 0) {
        throw new ReplayStop({ seq: tree.size, code: 'replay_truncated', message: `the entry source ended at ${tree.size} entries, the checkpoint has ${checkpoint.size}` });
      }
      for (const entry of page.slice(0, checkpoint.size - tree.size)) {
        const hash = replayOne(entry, tree.size, prev, state, options.logKey, verify);
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
