import { TallyError, isTallyError } from '../../ledger/errors.js';
import { nobleVerify, type VerifyFn } from '../../ledger/crypto/signature.js';
import { verifyCheckpoint } from './checkpoint.js';
import { verifyConsistencyProof } from './proofs.js';

/**
 * Remembering what the log said (SPEC 5: "the log never signs two checkpoints that are
 * inconsistent with each other"). A verifier that keeps the latest checkpoint it verified and
 * demands a consistency proof for every newer one catches a log that shows different histories to
 * different people (a fork) or goes back on what it said (a rollback), which no single
 * checkpoint can reveal.
 */

/** The latest checkpoint a tracker verified: its size and root, and the signed text as evidence. */
export interface VerifiedCheckpoint {
  size: number;
  /** RFC 6962 root, lowercase hex. */
  rootHash: string;
  /** The signed note itself, so a fork can be shown to third parties. */
  checkpoint: string;
}

/**
 * Where a tracker keeps its one record. `set` must be durable when it resolves if the tracker is
 * to survive restarts (see sdk/checkpoint-store-file.ts for Node).
 */
export interface CheckpointStore {
  get(): Promise<VerifiedCheckpoint | undefined>;
  set(value: VerifiedCheckpoint): Promise<void>;
}

/** A store that lasts as long as the process: for browsers, tests and one-shot tools. */
export class MemoryCheckpointStore implements CheckpointStore {
  #value: VerifiedCheckpoint | undefined;

  async get(): Promise<VerifiedCheckpoint | undefined> {
    return this.#value && { ...this.#value };
  }

  async set(value: VerifiedCheckpoint): Promise<void> {
    this.#value = { ...value };
  }
}

/** Fetches `GET /v1/proofs/consistency?from=&to=` (any JSON; it is parsed and checked here). */
export type FetchConsistencyProof = (from: number, to: number) => Promise<unknown>;

/** What {@link CheckpointTracker.accept} did. */
export interface CheckpointUpdate {
  /** The checkpoint now recorded (the new one, or the old one when it was the same). */
  current: VerifiedCheckpoint;
  /** The record before this call, if there was one. */
  previous: VerifiedCheckpoint | undefined;
  /** True when the record moved to a larger tree. */
  advanced: boolean;
}

export interface CheckpointTrackerOptions {
  /** The pinned verifier key string of the log; never taken from the server being checked. */
  logKey: string;
  /** Defaults to a {@link MemoryCheckpointStore}. */
  store?: CheckpointStore;
  verify?: VerifyFn;
}

/**
 * Accepts a log's checkpoints only when each is signed by the pinned key and provably extends the
 * last one accepted. Calls are serialised, so concurrent `accept`s see each other's result.
 *
 * Decisions, for checkpoint N against the recorded R:
 * - N.size > R.size: needs a consistency proof R -> N; if it does not verify, `fork_detected`.
 *   A log that cannot prove consistency between two trees it signed is treated as forked: an
 *   honest log always can.
 * - N.size == R.size: the roots must be equal, else `fork_detected`.
 * - N.size < R.size: `rollback_detected`, without asking for a proof. The log never shrinks, so
 *   the server is either serving a stale checkpoint (a cache) or has lost or hidden entries it
 *   once signed for; a rolled-back server could not prove consistency up to R anyway. The
 *   record stays at R; a caller that suspects a cache may retry.
 */
export class CheckpointTracker {
  readonly #logKey: string;
  readonly #store: CheckpointStore;
  readonly #verify: VerifyFn;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: CheckpointTrackerOptions) {
    this.#logKey = options.logKey;
    this.#store = options.store ?? new MemoryCheckpointStore();
    this.#verify = options.verify ?? nobleVerify;
  }

  /**
   * The recorded checkpoint, re-verified (a store on disk can be edited), or undefined if none.
   * @throws TallyError `invalid_checkpoint` if the record does not verify or does not match its text.
   */
  latest(): Promise<VerifiedCheckpoint | undefined> {
    return this.#serialised(() => this.#load());
  }

  /**
   * Verifies `text` and records it if it extends the recorded checkpoint.
   * Requires `fetchConsistency` to ask the same log; it is called only when the tree grew.
   * @throws TallyError `invalid_checkpoint` (bad signature, malformed, another origin),
   *   `fork_detected`, `rollback_detected`; whatever `fetchConsistency` throws (a network error
   *   says nothing about the log and is passed on unchanged). Nothing is recorded then.
   * @example await tracker.accept(await api.checkpoint(), (from, to) => api.consistency(from, to))
   */
  accept(text: string, fetchConsistency: FetchConsistencyProof): Promise<CheckpointUpdate> {
    return this.#serialised(() => this.#accept(text, fetchConsistency));
  }

  async #accept(text: string, fetchConsistency: FetchConsistencyProof): Promise<CheckpointUpdate> {
    const parsed = verifyCheckpoint(text, this.#logKey, this.#verify);
    const next: VerifiedCheckpoint = { size: parsed.size, rootHash: parsed.rootHash, checkpoint: text };
    const previous = await this.#load();
    if (previous === undefined) {
      await this.#store.set(next);
      return { current: next, previous, advanced: true };
    }
    if (next.size < previous.size) {
      throw new TallyError(
        'rollback_detected',
        `the log presents size ${next.size} after it signed size ${previous.size} (root ${previous.rootHash}): a stale checkpoint or a rollback`,
      );
    }
    if (next.size === previous.size) {
      if (next.rootHash !== previous.rootHash) {
        throw new TallyError(
          'fork_detected',
          `two checkpoints of size ${next.size} with different roots: ${previous.rootHash} (verified before) and ${next.rootHash}`,
        );
      }
      return { current: previous, previous, advanced: false };
    }
    // A recorded empty tree is a prefix of every tree; RFC 9162 has no proof from size 0.
    if (previous.size > 0) {
      const proof = await fetchConsistency(previous.size, next.size);
      try {
        verifyConsistencyProof(proof, previous, next);
      } catch (err) {
        if (!isTallyError(err)) throw err;
        throw new TallyError(
          'fork_detected',
          `checkpoint of size ${next.size} (root ${next.rootHash}) is not proven to extend the verified checkpoint of size ${previous.size} (root ${previous.rootHash}): ${err.message}`,
        );
      }
    }
    await this.#store.set(next);
    return { current: next, previous, advanced: true };
  }

  async #load(): Promise<VerifiedCheckpoint | undefined> {
    const stored = await this.#store.get();
    if (stored === undefined) return undefined;
    const parsed = verifyCheckpoint(stored.checkpoint, this.#logKey, this.#verify);
    if (parsed.size !== stored.size || parsed.rootHash !== stored.rootHash) {
      throw new TallyError('invalid_checkpoint', 'the recorded size and root do not match the recorded checkpoint text');
    }
    return { size: parsed.size, rootHash: parsed.rootHash, checkpoint: stored.checkpoint };
  }

  #serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    // Keep the chain alive whatever this call's outcome; the caller sees the outcome itself.
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
