import { encodeAddCheckpoint } from '../../ledger/witness/add-checkpoint.js';
import { verifyCosignature } from '../../ledger/witness/cosignature.js';
import type { ConfiguredWitness } from '../../ledger/witness/witness-list.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';

/** What a witness answered to `add-checkpoint`. */
export type WitnessAnswer =
  /** 200: the witness's cosignature line (verified over the checkpoint), with its newline. */
  | { kind: 'cosigned'; line: string }
  /** 409: the size the witness last cosigned. */
  | { kind: 'conflict'; size: number }
  /** 422: the witness holds a checkpoint this one does not extend (or the proof failed). */
  | { kind: 'inconsistent'; reason: string }
  /** Anything else (400, 403, 404, 5xx, a 200 without a valid cosignature): nothing learned. */
  | { kind: 'failed'; reason: string };

/** How long one add-checkpoint may take before it counts as failed. */
export const WITNESS_TIMEOUT_MS = 5_000;

/**
 * Submits `checkpoint` to a witness (C2SP tlog-witness `POST <url>/add-checkpoint`) with the
 * consistency proof from `oldSize`, and reads its answer. Network errors and timeouts are a
 * `failed` answer, never a throw: a witness being down must not disturb the log.
 */
export async function submitCheckpoint(
  witness: ConfiguredWitness,
  oldSize: number,
  proof: readonly Uint8Array[],
  checkpoint: string,
  options: { fetch?: typeof fetch; verify?: VerifyFn; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<WitnessAnswer> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  let text: string;
  try {
    res = await doFetch(`${witness.url}/add-checkpoint`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: encodeAddCheckpoint(oldSize, proof, checkpoint),
      signal: AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? WITNESS_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])]),
    });
    text = await res.text();
  } catch (err) {
    return { kind: 'failed', reason: `cannot reach ${witness.url}: ${(err as Error).message}` };
  }
  if (res.status === 200) {
    // Keep only this witness's lines; anything else it sent is none of the log's business.
    const lines = text.split('\n').filter((line) => line.startsWith(`\u2014 ${witness.key.name} `));
    const own = lines.map((line) => `${line}\n`).join('');
    try {
      if (own !== '' && verifyCosignature(checkpoint + own, witness.key, options.verify) !== undefined) return { kind: 'cosigned', line: own };
    } catch (err) {
      return { kind: 'failed', reason: `the cosignature of ${witness.key.name} does not verify: ${(err as Error).message}` };
    }
    return { kind: 'failed', reason: `${witness.key.name} answered 200 without its cosignature` };
  }
  if (res.status === 409) {
    const size = /^(0|[1-9][0-9]*)\n?$/.test(text) ? Number(text.trim()) : NaN;
    if ((res.headers.get('content-type') ?? '').split(';')[0]!.trim() !== 'text/x.tlog.size' || !Number.isSafeInteger(size)) {
      return { kind: 'failed', reason: `${witness.key.name} answered 409 without a text/x.tlog.size body` };
    }
    return { kind: 'conflict', size };
  }
  if (res.status === 422) return { kind: 'inconsistent', reason: text.trim() };
  return { kind: 'failed', reason: `${witness.key.name} answered ${res.status}: ${text.trim().slice(0, 200)}` };
}
