import { TallyError } from '../../ledger/errors.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import type { ConfiguredWitness } from '../../ledger/witness/witness-list.js';
import { submitCheckpoint } from './submit-checkpoint.js';

/** The store as it opens: its size, last signed checkpoint, and proofs between its sizes. */
export interface StoreView {
  size: number;
  checkpoint: string;
  consistencyProof(from: number, to: number): Promise<Uint8Array[]>;
}

export interface RollbackCheckResult {
  /** Witness vkey -> the size it cosigned, for those that answered. */
  sizes: Map<string, number>;
  /** Witnesses that could not judge (down, or not configured for this log), with why. */
  unreachable: Array<{ name: string; reason: string }>;
}

/**
 * Asks every witness, before the log signs anything, which size it last cosigned, by submitting
 * the store's own checkpoint (C2SP tlog-witness has no read call a submitter may rely on): `old
 * <store size>` is accepted only if the witness holds exactly that size with the same root; a
 * 409 names the witness's size W. W larger than the store means entries the witness saw are
 * gone; a smaller W is followed by the proof from W, and a 422 then means the witness holds a
 * tree the store does not extend. Either way the log refuses to serve.
 *
 * A witness that cannot be reached is skipped (after `attempts` tries) and reported: the
 * background client keeps asking it, and halts the log if it answers with a larger size.
 * @throws TallyError `store_rolled_back` naming the witness and both sizes.
 */
export async function checkNotRolledBack(
  store: StoreView,
  witnesses: readonly ConfiguredWitness[],
  options: { fetch?: typeof fetch; verify?: VerifyFn; attempts?: number; retryDelayMs?: number; timeoutMs?: number } = {},
): Promise<RollbackCheckResult> {
  const result: RollbackCheckResult = { sizes: new Map(), unreachable: [] };
  const submitOptions = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.verify ? { verify: options.verify } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  await Promise.all(
    witnesses.map(async (witness) => {
      const name = witness.key.name;
      let old = store.size;
      let lastReason = '';
      let conflicts = 0;
      for (let attempt = 0; attempt < (options.attempts ?? 3); attempt++) {
        const proof = old > 0 && old < store.size ? await store.consistencyProof(old, store.size) : [];
        const answer = await submitCheckpoint(witness, old, proof, store.checkpoint, submitOptions);
        if (answer.kind === 'cosigned') {
          result.sizes.set(witness.vkey, store.size);
          return;
        }
        if (answer.kind === 'conflict') {
          if (answer.size > store.size) {
            throw new TallyError(
              'store_rolled_back',
              `witness ${name} has cosigned size ${answer.size}, the store has size ${store.size}: entries the witness saw are missing (restore them with tally recover --from <mirror>)`,
            );
          }
          // The witness moved between two answers (another log instance?): give up after a few.
          if (++conflicts > 4) {
            lastReason = 'the witness keeps answering 409';
            break;
          }
          old = answer.size;
          attempt--;
          continue;
        }
        if (answer.kind === 'inconsistent') {
          throw new TallyError(
            'store_rolled_back',
            `witness ${name} has cosigned size ${old} with a tree the store (size ${store.size}) does not extend (${answer.reason}): the store was rolled back and has since forked`,
          );
        }
        lastReason = answer.reason;
        if (attempt + 1 < (options.attempts ?? 3)) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 300));
      }
      result.unreachable.push({ name, reason: lastReason });
    }),
  );
  return result;
}
