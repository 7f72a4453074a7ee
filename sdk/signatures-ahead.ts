import type { Entry } from '../schemas/entry.js';
import { bytesEqual, fromBase64Url } from '../ledger/encoding/bytes.js';
import { eventSigningBytes } from '../ledger/log/event-signing.js';
import { learnRegisteredKeys } from '../ledger/custody/registered-keys.js';
import type { VerifyFn } from '../ledger/crypto/signature.js';

/** One Ed25519 check: signature, signed bytes, public key. */
export interface SignatureCheck {
  sig: Uint8Array;
  msg: Uint8Array;
  pub: Uint8Array;
}

/** Checks many signatures at once, off the applying thread; one verdict per check, in order. */
export type BatchVerifyFn = (checks: readonly SignatureCheck[]) => Promise<boolean[]>;

/**
 * Checks per chunk: the unit handed to the pool or taken back by the applying thread. Small
 * enough that the applying thread never checks far ahead of itself, large enough that a
 * message to a worker carries milliseconds of work.
 */
const CHUNK = 32;

/**
 * Chunks at the pool at once. The pool's verdicts reach this thread only between entries (at
 * the replay's turns of the event loop, every ENTRIES_PER_TURN entries), so the pool is given
 * enough to stay busy between two turns.
 */
const CHUNKS_IN_FLIGHT = 4;

interface Chunk {
  checks: SignatureCheck[];
  state: 'queued' | 'at-pool' | 'done';
  /** Settles when the pool's verdicts are in (only while at the pool). */
  settled?: Promise<void>;
}

/**
 * Signatures of pages checked ahead, shared between a verify pool and the applying thread, and
 * the VerifyFn that uses the verdicts.
 *
 * Work sharing: each page's checks are queued in chunks; the pool takes chunks from the far end
 * of the queue (the newest page's last entries), and the applying thread, reaching an entry whose
 * chunk the pool has not taken, takes that chunk from the near end and checks it itself. So
 * neither side waits for the other while there is work left, and no check is done twice. On two
 * cores with one worker, the worker alone checked more slowly than the applying thread applied:
 * replaying the replay bench's 20,000 entries, the applying thread was busy 3.6 s of 5.5 s.
 *
 * The key tried ahead is the one the entry's keyId names among every key the log has registered
 * so far (a guess: whether that key may sign for the actor at that entry is for the custody rules,
 * which then call `verify` with the key they chose). A verdict is used only for the identical
 * check: the same signed bytes (the sealed event's own array), signature and key; anything else
 * is checked by the fallback, so no signature goes unchecked and a forged one is never excused.
 */
export class SignaturesAhead {
  private readonly keys = new Map<string, Uint8Array>();
  private readonly confirmed = new WeakMap<Uint8Array, { sig: Uint8Array; pub: Uint8Array }>();
  /** Chunks not yet done, in log order. */
  private readonly queue: Chunk[] = [];
  private readonly chunkOf = new WeakMap<Uint8Array, Chunk>();
  private atPool = 0;
  private failure: { error: unknown } | undefined;
  /** Checks each side made, for tests: the share the applying thread took on. */
  readonly counts = { pool: 0, inline: 0 };

  constructor(
    private readonly verifyBatch: BatchVerifyFn,
    private readonly fallback: VerifyFn,
  ) {}

  readonly verify: VerifyFn = (sig, msg, pub) => {
    const chunk = this.chunkOf.get(msg);
    if (chunk?.state === 'queued') this.checkHere(chunk);
    const known = this.confirmed.get(msg);
    if (known !== undefined && bytesEqual(known.sig, sig) && bytesEqual(known.pub, pub)) return true;
    return this.fallback(sig, msg, pub);
  };

  /**
   * Queues the signature checks of `page` (entries in log order, after those already queued) and
   * hands the pool what it can take. Learns the keys the page registers, for the pages after it.
   */
  queuePage(page: readonly Entry[]): void {
    let checks: SignatureCheck[] = [];
    const close = () => {
      if (checks.length === 0) return;
      const chunk: Chunk = { checks, state: 'queued' };
      for (const check of checks) this.chunkOf.set(check.msg, chunk);
      this.queue.push(chunk);
      checks = [];
    };
    for (const entry of page) {
      try {
        const pub = this.keys.get(entry.keyId);
        if (pub !== undefined) checks.push({ sig: fromBase64Url(entry.sig), msg: eventSigningBytes(entry.event), pub });
        this.learnKeys(entry.event);
      } catch {
        // a malformed entry: applying it says why
      }
      if (checks.length === CHUNK) close();
    }
    close();
    this.feedPool();
  }

  /**
   * Resolves once the pool has answered for `entry`'s check, when the pool has it now; otherwise
   * undefined (nothing to wait for: `verify` checks it here if need be). The applying thread
   * awaits this before applying the entry, so it never checks what the pool is already checking.
   * @throws whatever the pool failed with, when it did.
   */
  pending(entry: Entry): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure.error;
    let msg: Uint8Array;
    try {
      msg = eventSigningBytes(entry.event);
    } catch {
      return undefined;
    }
    const chunk = this.chunkOf.get(msg);
    return chunk?.state === 'at-pool' ? chunk.settled : undefined;
  }

  private checkHere(chunk: Chunk): void {
    chunk.state = 'done';
    this.queue.splice(this.queue.indexOf(chunk), 1);
    for (const check of chunk.checks) {
      this.counts.inline++;
      if (this.fallback(check.sig, check.msg, check.pub)) this.confirmed.set(check.msg, { sig: check.sig, pub: check.pub });
    }
  }

  /** Gives the pool the queued chunks furthest ahead, up to CHUNKS_IN_FLIGHT at once. */
  private feedPool(): void {
    while (this.atPool < CHUNKS_IN_FLIGHT && this.failure === undefined) {
      const chunk = this.lastQueued();
      if (chunk === undefined) return;
      chunk.state = 'at-pool';
      this.atPool++;
      chunk.settled = this.verifyBatch(chunk.checks).then(
        (verdicts) => {
          chunk.checks.forEach((check, i) => {
            this.counts.pool++;
            if (verdicts[i] === true) this.confirmed.set(check.msg, { sig: check.sig, pub: check.pub });
          });
          this.finish(chunk);
        },
        (error: unknown) => {
          this.failure ??= { error };
          this.finish(chunk);
        },
      );
    }
  }

  private lastQueued(): Chunk | undefined {
    for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.state === 'queued') return this.queue[i];
    return undefined;
  }

  private finish(chunk: Chunk): void {
    chunk.state = 'done';
    this.atPool--;
    this.queue.splice(this.queue.indexOf(chunk), 1);
    this.feedPool();
  }

  /** Keys an event adds to the directory (genesis, registration, key rotation), by key id. */
  private learnKeys(event: unknown): void {
    learnRegisteredKeys(event, this.keys);
  }
}
