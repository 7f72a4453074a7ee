import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LogSink } from '../request-log.js';

/** What the append pipeline reports after each group commit (see LedgerSettings.onCommit). */
export interface CommitStats {
  /** Submissions answered by this group commit (appended, resubmitted or refused). */
  submissions: number;
  /** Entries it appended. */
  appended: number;
  /** Time spent preparing and durably writing the batch, in milliseconds. */
  ms: number;
}

/** One witness's lag behind the log head, in entries (reported once witnesses exist). */
export interface WitnessLag {
  witness: string;
  entries: number;
}

/** How often group commits waited for the clients just answered (Ledger.commitLingerCounts). */
export interface CommitLingerCounts {
  filled: number;
  timedOut: number;
}

/** What the pinned-bundle cache has done (PinnedBundleCache.stats). */
export interface PinnedBundleStats {
  hits: number;
  misses: number;
  bytes: number;
}

/**
 * A counter by `outcome` whose counts something else keeps: read from `counts` at every scrape,
 * each outcome's series set to its count (a count that restarts from 0 reads as a reset).
 */
function outcomeCounter(registry: Registry, name: string, help: string, counts: () => Record<string, number>): void {
  new Counter({
    name,
    help,
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [outcome, count] of Object.entries(counts())) this.inc({ outcome }, count);
    },
  });
}

/**
 * Prometheus metrics of one server (its own registry, so several servers in one process, as in
 * tests, do not collide). Request figures are taken from the request log lines, so every
 * response is counted once, whichever path (ingest or Express) served it.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  private witnessLagSource: () => WitnessLag[] = () => [];
  private commitLingerSource: () => CommitLingerCounts = () => ({ filled: 0, timedOut: 0 });
  private pinnedBundleSource: () => PinnedBundleStats = () => ({ hits: 0, misses: 0, bytes: 0 });

  private readonly appends = new Counter({
    name: 'tally_appends_total',
    help: 'Events accepted by POST /v1/events: created (a new entry) or resubmitted (already in the log, 200)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'tally_refusals_total',
    help: 'Requests answered with a problem, by its stable code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly requestSeconds = new Histogram({
    name: 'tally_request_duration_seconds',
    help: 'Time from request to response; route is "submit" for POST /v1/events and "read" otherwise',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly commitSize = new Histogram({
    name: 'tally_group_commit_size',
    help: 'Submissions written in one group commit (one durable write)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
    registers: [this.registry],
  });
  private readonly commitSeconds = new Histogram({
    name: 'tally_group_commit_duration_seconds',
    help: 'Time to validate, apply and durably write one group commit',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  constructor(logSize: () => number) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tally_' });
    new Gauge({ name: 'tally_log_size', help: 'Entries in the log', registers: [this.registry], collect() {
      this.set(logSize());
    } });
    const witnessLag = () => this.witnessLagSource();
    new Gauge({
      name: 'tally_witness_lag_entries',
      help: 'Entries between the log head and the last checkpoint each witness cosigned',
      labelNames: ['witness'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { witness, entries } of witnessLag()) this.set({ witness }, entries);
      },
    });
    const commitLinger = () => this.commitLingerSource();
    // Read from the append pipeline at each scrape (it counts for itself; a store reopened after a
    // failed write starts a new pipeline, and so a new count, which Prometheus reads as a reset).
    // Many timeouts against few fills say the clients do not come back within the linger: an
    // operator can then turn it off (TALLY_COMMIT_LINGER_US=0).
    outcomeCounter(this.registry, 'tally_commit_linger_waits_total', 'Group commits held back for the clients the commit before answered: filled (they came back in time) or timed_out', () => {
      const { filled, timedOut } = commitLinger();
      return { filled, timed_out: timedOut };
    });
    const pinnedBundles = () => this.pinnedBundleSource();
    // Few hits against many misses with the bytes at the budget say the budget is too small for
    // the passports being checked (TALLY_PINNED_BUNDLE_CACHE_MB).
    outcomeCounter(this.registry, 'tally_pinned_bundle_requests_total', 'Requests for bundles pinned to a size: hit (served from memory) or miss (prepared, then kept if it fits)', () => {
      const { hits, misses } = pinnedBundles();
      return { hit: hits, miss: misses };
    });
    new Gauge({
      name: 'tally_pinned_bundle_cache_bytes',
      help: 'Bytes of pinned bundles kept in memory',
      registers: [this.registry],
      collect() {
        this.set(pinnedBundles().bytes);
      },
    });
  }

  /** The hook for witnesses: a function giving each one's current lag, read at every scrape. */
  setWitnessLagSource(source: () => WitnessLag[]): void {
    this.witnessLagSource = source;
  }

  /** The hook for the commit linger's counts, read at every scrape. */
  setCommitLingerSource(source: () => CommitLingerCounts): void {
    this.commitLingerSource = source;
  }

  /** The hook for the pinned-bundle cache's counts, read at every scrape. */
  setPinnedBundleSource(source: () => PinnedBundleStats): void {
    this.pinnedBundleSource = source;
  }

  onCommit = (stats: CommitStats): void => {
    this.commitSize.observe(stats.submissions);
    this.commitSeconds.observe(stats.ms / 1000);
  };

  /** Wraps a log sink: each request line is counted, then passed on. */
  observing(sink: LogSink): LogSink {
    return (line) => {
      this.observe(line);
      sink(line);
    };
  }

  private observe(line: Record<string, unknown>): void {
    if (typeof line.status !== 'number' || typeof line.ms !== 'number') return;
    const submit = line.method === 'POST' && typeof line.path === 'string' && /^\/v1\/events\/?$/.test(line.path);
    this.requestSeconds.observe({ route: submit ? 'submit' : 'read' }, line.ms / 1000);
    if (typeof line.code === 'string') this.refusals.inc({ code: line.code });
    else if (submit && line.status === 201) this.appends.inc({ result: 'created' });
    else if (submit && line.status === 200) this.appends.inc({ result: 'resubmitted' });
  }
}
