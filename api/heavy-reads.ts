import { TallyError } from '../ledger/errors.js';

/** How many heavy reads run at once, and how many more may wait, unless configured. */
export const DEFAULT_HEAVY_READS = { running: 2, waiting: 32 } as const;

export interface HeavyReadLimits {
  /** Heavy reads under way at once; 0 refuses every one. */
  running: number;
  /** Heavy reads queued behind those, first come first served; past that they are refused. */
  waiting: number;
}

/**
 * Bounds the server's heavy reads: the audit bundle, the passport, the DTE and the EPCIS document
 * of a batch, each of which reads, parses and holds the batch's whole lineage. A remelter's ingot
 * has ten thousand entries in it: one bundle of it took the process to about 200 MB (peak RSS),
 * 16 at once to 670 MB and 32 at once to 983 MB, in 5.8 s of the one thread that also serves
 * every submission; through this gate with its defaults, 367 and 370 MB, in 2.7 and 4.5 s
 * (scratch, in process, the bytes dropped as a response would drop them). Running more than two
 * at once gains nothing on two cores, since they share that thread. So a few run, a bounded queue
 * waits, and a request beyond that is refused at once with 503 `busy` (and `Retry-After`), having
 * changed nothing. The queue is first come first served: no caller can push ahead of another.
 */
export class HeavyReadGate {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limits: HeavyReadLimits = DEFAULT_HEAVY_READS) {}

  /**
   * `work` once a place is free, its result or its failure passed on; the place is given to the
   * next in the queue however `work` ends.
   * @throws TallyError `busy` at once when as many are running and waiting as the limits allow.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.running) {
      if (this.queue.length >= this.limits.waiting || this.limits.running === 0) {
        throw new TallyError('busy', 'the server is already preparing as many bundles, passports and EPCIS documents as it can; retry shortly');
      }
      await new Promise<void>((start) => this.queue.push(start));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      // The place passes straight to the next in the queue, so `running` counts it still.
      if (next) next();
      else this.running--;
    }
  }

  /** Heavy reads under way and waiting now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }
}
