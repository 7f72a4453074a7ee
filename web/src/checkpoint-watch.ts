import { CheckpointTracker, type CheckpointStore, type VerifiedCheckpoint } from '../../sdk/verify/checkpoint-tracker.js';
import { isTallyError } from '../../ledger/errors.js';

/**
 * The browser as a small monitor (SPEC 5): it keeps the last checkpoint it verified in
 * localStorage and asks the log to prove every newer one consistent with it, so a log that shows
 * this browser a rewritten history is caught on the next visit. Loaded lazily: the proof parser
 * brings zod, which the first view does without.
 */

const PREFIX = 'tally.lastCheckpoint:';

/** One record per log key, so pinning another key never compares two logs' trees. */
class LocalStorageCheckpointStore implements CheckpointStore {
  constructor(private readonly key: string) {}

  async get(): Promise<VerifiedCheckpoint | undefined> {
    const text = localStorage.getItem(this.key);
    return text === null ? undefined : (JSON.parse(text) as VerifiedCheckpoint);
  }

  async set(value: VerifiedCheckpoint): Promise<void> {
    localStorage.setItem(this.key, JSON.stringify(value));
  }
}

export type WatchResult =
  | { kind: 'first' | 'advanced' | 'same'; current: VerifiedCheckpoint; previous?: VerifiedCheckpoint }
  | { kind: 'fork' | 'rollback' | 'invalid'; message: string; previous?: VerifiedCheckpoint; presented: string };

export async function watchCheckpoint(
  logKey: string,
  checkpoint: string,
  fetchConsistency: (from: number, to: number) => Promise<unknown>,
): Promise<WatchResult> {
  const store = new LocalStorageCheckpointStore(PREFIX + logKey);
  const tracker = new CheckpointTracker({ logKey, store });
  let previous: VerifiedCheckpoint | undefined;
  try {
    previous = await tracker.latest();
  } catch (err) {
    // A record that no longer verifies under this key was edited: say so, and start again from this one.
    if (!isTallyError(err)) throw err;
    localStorage.removeItem(PREFIX + logKey);
  }
  try {
    const update = await tracker.accept(checkpoint, fetchConsistency);
    const kind = previous === undefined ? 'first' : update.advanced ? 'advanced' : 'same';
    return { kind, current: update.current, ...(previous ? { previous } : {}) };
  } catch (err) {
    if (!isTallyError(err)) throw err;
    const kind = err.code === 'fork_detected' ? 'fork' : err.code === 'rollback_detected' ? 'rollback' : 'invalid';
    return { kind, message: err.message, presented: checkpoint, ...(previous ? { previous } : {}) };
  }
}
