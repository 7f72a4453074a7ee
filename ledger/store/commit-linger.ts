/**
 * A CommitLinger waits only while the commits it answers hold at most this many submissions on
 * average (over about the last eight). Larger ones spread their fixed cost thin already (in
 * process, 109 µs of request-thread CPU an entry at 8 entries a commit, 81 µs at 32), and at 64
 * connections, with waits allowed after any commit of up to 16, the server ran at 0.97 of its
 * rate without them (bench/ingest-wrk.ts, behind in all three rounds).
 */
const LINGER_WHILE_AVERAGE_AT_MOST = 8;

/**
 * When to hold the next batch back, briefly, for the clients a group commit has just answered:
 * PostgreSQL's `commit_delay` with its `commit_siblings` condition, made adaptive.
 *
 * Why: every batch costs the request thread a checkpoint signature, a store read and a durable
 * write call whatever its size, and on two cores each costs more the more often the thread goes
 * idle between them (the same zod parse took 35 µs an entry with one entry a commit and 8 µs with
 * 32, in process, without HTTP). A few clients that each send again as soon as they are answered
 * (a recycler's uploader with four workers, say) otherwise split into pairs that take turns: one
 * pair's batch is written while the other's is prepared, two entries a commit. Waiting up to
 * `maxMs` for the clients just answered lets them all share the next commit.
 *
 * It never delays an acknowledgement: it runs only after a commit is durable and answered, and
 * holds back only the preparing of submissions not yet written. It waits only when the commit just
 * answered held two or more submissions (a lone client never waits for itself) while commits
 * are small on average (few clients), and only for as many as were answered plus those already
 * queued then, and only if the first of them is back within `maxMs`. A wait that times out (the
 * clients did not come back: one-off submitters) makes it skip the next 1, 2, 4 … up to 64
 * chances, so a stream of independent submissions pays the delay rarely; a wait that fills resets
 * that. The deadline is a timer: its resolution is a millisecond.
 */
export class CommitLinger {
  /** Submissions the last durable commit answered, and those already queued at that moment. */
  private answered = 0;
  private queuedWhenAnswered = 0;
  /** Submissions a commit answered, averaged with a weight of 1/8 for the newest. */
  private averageCommit = 0;
  /** Chances to skip before waiting again, and how many the next timeout will skip. */
  private skips = 0;
  private backoff = 1;
  private wake: (() => void) | undefined;
  private target = 0;
  /** Counts for tests and metrics: waits begun, filled before the deadline, and timed out. */
  readonly counts = { waits: 0, filled: 0, timedOut: 0 };

  /** When the last durable commit was answered (`now`'s clock, in ms). */
  private answeredAt = 0;

  constructor(
    private readonly maxMs: number,
    private readonly maxBatch: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether it may wait at all now: on, and commits small on average (few clients). */
  get engaged(): boolean {
    return this.maxMs > 0 && this.averageCommit <= LINGER_WHILE_AVERAGE_AT_MOST;
  }

  /** A durable commit answered `answered` submissions while `queued` others were waiting. */
  committed(answered: number, queued: number): void {
    this.answered = answered;
    this.queuedWhenAnswered = queued;
    this.averageCommit += (answered - this.averageCommit) / 8;
    this.answeredAt = this.now();
  }

  /**
   * How many queued submissions the next batch should wait for, `queued` being queued now; 0 to
   * prepare at once. Call once per batch about to be prepared with no write in flight.
   */
  targetFor(queued: number): number {
    if (!this.engaged || this.answered < 2) return 0;
    const target = Math.min(this.maxBatch, this.answered + this.queuedWhenAnswered);
    // Only the first batch after a commit may wait: the clients it answered are awaited once,
    // and only if the first of them is back within the deadline (after a quiet spell they are
    // not coming back together).
    this.answered = 0;
    if (this.now() - this.answeredAt > this.maxMs) return 0;
    if (queued >= target) return 0;
    if (this.skips > 0) {
      this.skips--;
      return 0;
    }
    return target;
  }

  /** Waits until {@link arrived} reports `target` queued, or `maxMs` passes; true if it filled. */
  wait(target: number): Promise<boolean> {
    this.counts.waits++;
    this.target = target;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), this.maxMs);
      const finish = (filled: boolean) => {
        clearTimeout(timer);
        this.wake = undefined;
        if (filled) {
          this.counts.filled++;
          this.backoff = 1;
        } else {
          this.counts.timedOut++;
          this.skips = this.backoff;
          this.backoff = Math.min(64, this.backoff * 2);
        }
        resolve(filled);
      };
      this.wake = () => finish(true);
    });
  }

  /** Told on every arrival, with how many submissions are queued now. */
  arrived(queued: number): void {
    if (this.wake !== undefined && queued >= this.target) this.wake();
  }
}
