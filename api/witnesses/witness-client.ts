import { TallyError } from '../../ledger/errors.js';
import type { ConfiguredWitness } from '../../ledger/witness/witness-list.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import { submitCheckpoint } from './submit-checkpoint.js';

/** What the log knows of one witness, for logs and `/metrics`. */
export interface WitnessStatus {
  name: string;
  vkey: string;
  url: string;
  /** The size this witness last cosigned, as far as the log knows (undefined: not known yet). */
  cosignedSize: number | undefined;
  /** When its last cosignature arrived (ISO), if any. */
  lastCosignedAt: string | undefined;
  /** Failed attempts since the last success. */
  failures: number;
  lastError: string | undefined;
}

export interface WitnessClientOptions {
  /** RFC 9162 consistency proof between two sizes of the log. */
  consistencyProof(from: number, to: number): Promise<Uint8Array[]>;
  /** A verified cosignature line of `checkpoint`. */
  onCosignature(checkpoint: string, line: string): void;
  /** The witness proved the store rolled back or forked: the log must stop signing. */
  onRollback(error: TallyError): void;
  fetch?: typeof fetch;
  verify?: VerifyFn;
  /** First retry delay; doubles per failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout (default WITNESS_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * Submits the log's checkpoints to one witness in the background. Only the newest checkpoint is
 * ever sent (a witness that fell behind is caught up with one proof, not one request per commit),
 * one request at a time; failures are retried with exponential backoff; a 409 teaches the client
 * the witness's size and it retries at once with the proof from there. Nothing here is awaited by
 * the append path, so a slow or dead witness delays no acknowledgement.
 */
export class WitnessClient {
  #newest: { checkpoint: string; size: number } | undefined;
  #sent: string | undefined;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #abort = new AbortController();
  readonly #status: WitnessStatus;

  constructor(
    readonly witness: ConfiguredWitness,
    private readonly options: WitnessClientOptions,
    knownSize?: number,
  ) {
    this.#status = { name: witness.key.name, vkey: witness.vkey, url: witness.url, cosignedSize: knownSize, lastCosignedAt: undefined, failures: 0, lastError: undefined };
  }

  status(): WitnessStatus {
    return { ...this.#status };
  }

  /** Notes a new checkpoint; returns at once. */
  submit(checkpoint: string, size: number): void {
    this.#newest = { checkpoint, size };
    if (!this.#running && this.#timer === undefined) void this.#run();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (!this.#closed && this.#newest !== undefined && this.#newest.checkpoint !== this.#sent) {
        const { checkpoint, size } = this.#newest;
        const outcome = await this.#attempt(checkpoint, size);
        if (outcome === 'retry-now') continue;
        if (outcome === 'backoff') {
          const base = this.options.backoffMs ?? 200;
          const delay = Math.min(this.options.maxBackoffMs ?? 30_000, base * 2 ** Math.min(this.#status.failures - 1, 16));
          this.#timer = setTimeout(() => {
            this.#timer = undefined;
            void this.#run();
          }, delay);
          this.#timer.unref();
          return;
        }
        if (outcome === 'stop') return;
      }
    } finally {
      this.#running = false;
    }
  }

  async #attempt(checkpoint: string, size: number): Promise<'done' | 'retry-now' | 'backoff' | 'stop'> {
    const old = this.#status.cosignedSize ?? 0;
    if (old > size) {
      this.#rolledBack(old, size);
      return 'stop';
    }
    let proof: Uint8Array[] = [];
    if (old > 0 && old < size) proof = await this.options.consistencyProof(old, size);
    const answer = await submitCheckpoint(this.witness, old, proof, checkpoint, {
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      ...(this.options.verify ? { verify: this.options.verify } : {}),
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
      signal: this.#abort.signal,
    });
    if (this.#closed) return 'stop';
    switch (answer.kind) {
      case 'cosigned':
        this.#sent = checkpoint;
        Object.assign(this.#status, { cosignedSize: size, lastCosignedAt: new Date().toISOString(), failures: 0, lastError: undefined });
        this.options.onCosignature(checkpoint, answer.line);
        return 'done';
      case 'conflict':
        if (answer.size > size) {
          this.#status.cosignedSize = answer.size;
          this.#rolledBack(answer.size, size);
          return 'stop';
        }
        if (answer.size === this.#status.cosignedSize) return this.#failed('the witness answered 409 with the size the log sent');
        this.#status.cosignedSize = answer.size;
        return 'retry-now';
      case 'inconsistent':
        this.options.onRollback(
          new TallyError(
            'store_rolled_back',
            `witness ${this.witness.key.name} refuses the log's checkpoint of size ${size} as inconsistent with the size ${old} it cosigned (${answer.reason}): the store was rolled back or forked`,
          ),
        );
        this.#status.lastError = answer.reason;
        return 'stop';
      case 'failed':
        return this.#failed(answer.reason);
    }
  }

  #failed(reason: string): 'backoff' {
    this.#status.failures++;
    this.#status.lastError = reason;
    return 'backoff';
  }

  #rolledBack(witnessSize: number, storeSize: number): void {
    this.options.onRollback(
      new TallyError(
        'store_rolled_back',
        `witness ${this.witness.key.name} has cosigned size ${witnessSize}, the store has size ${storeSize}: restore the missing entries with tally recover`,
      ),
    );
  }
}
