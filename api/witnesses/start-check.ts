import { toHex, fromHex } from '../../ledger/encoding/bytes.js';
import { signCheckpoint } from '../../ledger/log/checkpoint.js';
import { EMPTY_ROOT } from '../../ledger/merkle/compact.js';
import type { ConfiguredWitness } from '../../ledger/witness/witness-list.js';
import type { KvBackend } from '../../ledger/store/backend.js';
import { LOG_KEYS } from '../../ledger/store/log-layout.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import type { LogSink } from '../request-log.js';
import { checkNotRolledBack, type RollbackCheckResult } from './rollback-check.js';

/**
 * The start-up rollback check (SPEC 5.1), called from server start-up in two places: before an
 * empty store writes genesis, and after a non-empty store has opened (its consistency proofs
 * need the opened log). Kept apart from the store's own start-up checks so either can change.
 */

interface CheckOptions {
  fetch?: typeof fetch;
  startAttempts?: number;
  startTimeoutMs?: number;
}

function report(result: RollbackCheckResult, log: LogSink): void {
  for (const { name, reason } of result.unreachable) {
    log({ t: new Date().toISOString(), msg: 'witness could not be asked at start; the background client keeps asking it', witness: name, reason });
  }
}

function optionsOf(options: CheckOptions) {
  return {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.startAttempts !== undefined ? { attempts: options.startAttempts } : {}),
    ...(options.startTimeoutMs !== undefined ? { timeoutMs: options.startTimeoutMs } : {}),
  };
}

/**
 * An empty store (a lost or wiped data directory) must not start a new history under a key its
 * witnesses know: it asks them with a checkpoint of the empty tree, which is consistent with
 * every tree and so commits the log to nothing. A non-empty store returns at once.
 * @throws TallyError `store_rolled_back` when a witness has cosigned any entries.
 */
export async function assertFreshStoreNotRolledBack(
  backend: KvBackend,
  origin: string,
  logKey: { secretKey: Uint8Array; publicKey: Uint8Array },
  witnesses: readonly ConfiguredWitness[],
  options: CheckOptions,
  log: LogSink,
): Promise<void> {
  if ((await backend.get(LOG_KEYS.head)) !== undefined || (await backend.get(LOG_KEYS.entry(0))) !== undefined) return;
  const empty = signCheckpoint({ origin, size: 0, rootHash: toHex(EMPTY_ROOT) }, logKey.secretKey, logKey.publicKey);
  try {
    report(await checkNotRolledBack({ size: 0, checkpoint: empty, consistencyProof: async () => [] }, witnesses, optionsOf(options)), log);
  } catch (err) {
    await backend.close();
    throw err;
  }
}

/**
 * The opened store against its witnesses; returns the size each witness that answered holds.
 * @throws TallyError `store_rolled_back` naming the witness and both sizes.
 */
export async function assertStoreNotRolledBack(ledger: Ledger, witnesses: readonly ConfiguredWitness[], options: CheckOptions, log: LogSink): Promise<Map<string, number>> {
  const result = await checkNotRolledBack(
    { size: ledger.size, checkpoint: ledger.checkpoint, consistencyProof: async (from, to) => (await ledger.consistencyProof(from, to)).proof.map(fromHex) },
    witnesses,
    optionsOf(options),
  );
  report(result, log);
  return result.sizes;
}
