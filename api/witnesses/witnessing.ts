import { fromHex } from '../../ledger/encoding/bytes.js';
import type { TallyError } from '../../ledger/errors.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import type { ConfiguredWitness } from '../../ledger/witness/witness-list.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import { WitnessClient, type WitnessStatus } from './witness-client.js';

/**
 * The log's side of witnessing: every new checkpoint goes to every configured witness in the
 * background, and the cosignatures that come back are appended, as note signature lines, to the
 * checkpoint the log serves. Only cosignatures of the newest checkpoint are served with it: a
 * cosignature of an older one signs another body and belongs to no served note.
 */
export class Witnessing {
  readonly #clients: WitnessClient[];
  #newest: string;
  #cosignatures = new Map<string, string>();

  constructor(
    private readonly ledger: Ledger,
    witnesses: readonly ConfiguredWitness[],
    options: { knownSizes?: ReadonlyMap<string, number>; onRollback: (error: TallyError) => void; fetch?: typeof fetch; verify?: VerifyFn; backoffMs?: number; timeoutMs?: number },
  ) {
    this.#newest = ledger.checkpoint;
    this.#clients = witnesses.map(
      (witness) =>
        new WitnessClient(
          witness,
          {
            consistencyProof: async (from, to) => (await ledger.consistencyProof(from, to)).proof.map(fromHex),
            onCosignature: (checkpoint, line) => {
              if (checkpoint === this.#newest) this.#cosignatures.set(witness.vkey, line);
            },
            onRollback: (error) => {
              ledger.halt(error);
              options.onRollback(error);
            },
            ...(options.fetch ? { fetch: options.fetch } : {}),
            ...(options.verify ? { verify: options.verify } : {}),
            ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
          },
          options.knownSizes?.get(witness.vkey),
        ),
    );
    ledger.onCheckpoint((checkpoint, size) => this.#publish(checkpoint, size));
    // The checkpoint the store opened with may never have reached a witness (a crash right after
    // signing it), so it is submitted too.
    this.#publish(ledger.checkpoint, ledger.size);
  }

  /** The newest checkpoint with every cosignature collected for it so far. */
  checkpoint(): string {
    const lines = this.#clients.map((c) => this.#cosignatures.get(c.witness.vkey) ?? '').join('');
    return this.#newest + lines;
  }

  /** Per witness: the size it last cosigned, its failures and last error (for logs and /metrics). */
  status(): Array<WitnessStatus & { lag: number | undefined }> {
    return this.#clients.map((c) => {
      const s = c.status();
      return { ...s, lag: s.cosignedSize === undefined ? undefined : Math.max(0, this.ledger.size - s.cosignedSize) };
    });
  }

  close(): void {
    for (const client of this.#clients) client.close();
  }

  #publish(checkpoint: string, size: number): void {
    if (checkpoint !== this.#newest) {
      this.#newest = checkpoint;
      this.#cosignatures = new Map();
    }
    for (const client of this.#clients) client.submit(checkpoint, size);
  }
}
