import type { Entry, Envelope } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { canonicalize } from '../encoding/jcs.js';
import { toHex, utf8Encode } from '../encoding/bytes.js';
import { nobleHashes, type LogHashes } from '../crypto/hash.js';
import type { VerifyFn } from '../crypto/signature.js';
import { entryLeafText, makeEntry } from '../log/entry.js';
import { eventJcs } from '../log/event-signing.js';
import { signCheckpoint, signCheckpointAsync, type Checkpoint } from '../log/checkpoint.js';
import type { CompactRange } from '../merkle/compact.js';
import { applyEntry, type ApplyOptions } from '../custody/apply.js';
import type { SubgroupCheck } from '../crypto/keys.js';
import { MAX_ENTRY_BYTES } from '../tiles/entry-bundle.js';
import { keysTouched } from '../custody/touched-keys.js';
import type { KvBackend } from './backend.js';
import { BatchOverlay, RawText } from './overlay.js';
import { LOG_KEYS, type LogHead } from './log-layout.js';
import { prefetchVisibility } from './visibility-prefetch.js';
import { CommitLinger } from './commit-linger.js';

/**
 * See AppendPipeline. Measured with bench's wrk client on 2 cores, 5 rounds at 4 connections:
 * medians 827/s at 1, 1,022/s at 2, 907/s at 8; no difference visible at 64 connections.
 */
const DEFAULT_PREPARE_AHEAD_AT = 2;
/**
 * With a commit linger, a pair of submissions waiting while a batch is written is better off
 * waiting for the clients that batch answers than prepared on its own (CommitLinger).
 */
const PREPARE_AHEAD_AT_WITH_LINGER = 4;

export interface AppendResult {
  seq: number;
  hash: string;
  /** false when this was an identical resubmission of an entry already in the log. */
  created: boolean;
}

/** JCS of `{ event, keyId, sig }`, around the event's memoised JCS (keys in JCS order). */
function envelopeJcs(envelope: Envelope): string {
  return `{"event":${eventJcs(envelope.event)},"keyId":${canonicalize(envelope.keyId)},"sig":${canonicalize(envelope.sig)}}`;
}

/** SHA-256 (hex) of the envelope's JCS: what tells an identical resubmission from a conflict. */
export function envelopeDigestOf(envelope: Envelope, hashes: LogHashes = nobleHashes): string {
  return toHex(hashes.sha256(utf8Encode(envelopeJcs(envelope))));
}

function stopped(): TallyError {
  return new TallyError('unavailable', 'a write to the store failed; the ledger takes no submission until the store is reopened and checked');
}

/** What the log records under `log/x/<event id>`: enough to answer a resubmission at once. */
export interface EventIdRecord {
  seq: number;
  hash: string;
  envelopeDigest: string;
}

/** The log's state between group commits; replaced, never mutated, when a batch is durable. */
export interface CommittedLog {
  head: LogHead;
  checkpoint: string;
  tree: CompactRange;
  /**
   * Resident state (see overlay.ts), parsed and frozen. One map for the life of the pipeline,
   * changed in place once a batch is durable, so a commit costs the keys it changes.
   */
  resident: Map<string, unknown>;
}

export interface PipelineSettings {
  origin: string;
  logKey: { secretKey: Uint8Array; publicKey: Uint8Array };
  clock: () => Date;
  verify: VerifyFn;
  /** Signs checkpoints with the log key (node:crypto on the server; noble by default). */
  sign?: (msg: Uint8Array) => Uint8Array;
  /**
   * Signs group commits' checkpoints off the request thread while other submissions wait (the
   * server's; `sign` otherwise, see signCommit).
   */
  signAsync?: (msg: Uint8Array) => Promise<Uint8Array>;
  maxBatch: number;
  /**
   * How many submissions must be waiting before a batch is prepared on top of one still being
   * written (see AppendPipeline); fewer wait for the write and join the batch after it.
   */
  prepareAheadAt?: number;
  /**
   * The longest a batch is held back for the clients the commit before it answered (see
   * CommitLinger), in milliseconds; 0 or absent never holds one back.
   */
  commitLingerMs?: number;
  /** Told after each durable group commit (metrics); must not throw. */
  onCommit?: (stats: { submissions: number; appended: number; ms: number }) => void;
  /** The log's hashes (@noble/hashes unless given; the server passes node:crypto's). */
  hashes?: LogHashes;
  /** Decides whether registered keys are torsion-free (@noble's unless given; the server passes OpenSSL's). */
  subgroupCheck?: SubgroupCheck;
}

interface Pending {
  envelope: Envelope;
  envelopeDigest: string;
  /**
   * This submission's own signature check (one verified ahead, say), or the promise of it (a
   * verification still running, awaited only when the entry is applied); the settings' otherwise.
   */
  verify: VerifyFn | Promise<VerifyFn | undefined> | undefined;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Applies `entry` (whose exact leaf JSON is `leafText`) to `tx` and appends it to `tree`: the
 * custody rules, the size bound, the entry, its subtree hashes and its event-id record. Returns
 * its entry hash (hex). Throws, leaving `tx` uncommitted, if the entry breaks a rule.
 */
function appendEntry(
  tx: ReturnType<BatchOverlay['begin']>,
  tree: CompactRange,
  entry: Entry,
  leafText: string,
  envelopeDigest: string,
  verify: VerifyFn,
  hashLeaf: (leaf: Uint8Array) => Uint8Array = nobleHashes.leafHash,
  apply?: ApplyOptions,
): string {
  applyEntry(entry, tx, verify, apply);
  const leafBytes = utf8Encode(leafText);
  // SPEC 5.1: an entry bundle's uint16 length prefix bounds every entry.
  if (leafBytes.length > MAX_ENTRY_BYTES) {
    throw new TallyError('entry_too_large', `the entry would be ${leafBytes.length} bytes; entries are at most ${MAX_ENTRY_BYTES}`);
  }
  const hash = hashLeaf(leafBytes);
  tx.putRaw(LOG_KEYS.entry(entry.seq), leafText);
  for (const node of tree.append(hash)) tx.putRaw(LOG_KEYS.subtree(node.level, node.index), toHex(node.hash));
  const record: EventIdRecord = { seq: entry.seq, hash: toHex(hash), envelopeDigest };
  tx.put(LOG_KEYS.eventId(entry.event.id), record);
  return record.hash;
}

/**
 * Reads a stored leaf: JSON of an entry at position `seq` whose JCS is exactly `text`.
 * @throws TallyError `invalid_entry` otherwise.
 */
function parseLeaf(text: string, seq: number): Entry {
  let entry: Entry;
  try {
    entry = JSON.parse(text) as Entry;
  } catch {
    throw new TallyError('invalid_entry', `entry ${seq} is not JSON`);
  }
  if (entry?.seq !== seq) throw new TallyError('invalid_entry', `position ${seq} holds an entry with seq ${String(entry?.seq)}`, ['seq']);
  if (entryLeafText(entry) !== text) throw new TallyError('invalid_entry', `entry ${seq} is not the canonical (JCS) leaf of its fields`);
  return entry;
}

/** A prepared batch whose durable write has been started; `written` says how it ended. */
interface BatchInFlight {
  batch: Pending[];
  prepared: PreparedBatch;
  started: number;
  written: Promise<undefined | { err: unknown }>;
  /**
   * The batch made the committed log and answered (or refused), started with the write: its
   * clients hear as soon as it is durable, even while the next batch is being prepared on top of it.
   */
  settled: Promise<void>;
}

/** A batch validated and applied in memory, waiting for its durable write. */
interface PreparedBatch {
  overlay: BatchOverlay;
  /** The log as it will be once this batch is durable. */
  log: CommittedLog;
  outcomes: Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }>;
}

/**
 * Group commit. Submissions queue while a batch is being written; the next batch takes all of
 * them (up to `maxBatch`), validates and applies each in order against the state left by the
 * ones before it, and writes every entry, tree hash, state change and the new signed checkpoint
 * in one durable write. Only then is any submission of the batch acknowledged. An entry that
 * fails validation is refused and leaves nothing behind; the others are unaffected.
 *
 * A failed write is fatal to the pipeline: the store may hold all, part or none of the batch
 * (LevelDB on a full disk leaves a torn log record, and drops what follows it when it next
 * recovers), so nothing written after it could be trusted to survive. The batch and every later
 * submission are refused (`store_write_failed`, `unavailable`), and `onWriteFailure` tells the
 * owner, who must reopen the store and prove it before appending again (see Ledger).
 *
 * Two stages: while one batch is being written, the next is prepared on top of it (its overlay
 * sees the written batch's puts as if they were durable), so the request thread applies rules
 * while the disk syncs instead of waiting for it. At most one write is in flight, and a batch is
 * written, and any of its submissions answered, only after the batch before it is durable; if
 * that write fails, the batch prepared on top of it is refused with the rest. A batch is answered
 * as soon as its own write is durable, without waiting for the batch being prepared on top of it
 * (at 64 connections that preparing outlasted the write by a millisecond on average, a scratch
 * trace in stop 34, and the answer used to wait for it).
 *
 * The second stage starts only once `prepareAheadAt` submissions are waiting. Every batch costs
 * a checkpoint signature, a store read and a durable write whatever its size, so when few clients
 * submit (a handful of connections), preparing each arrival on its own while the disk syncs made
 * batches of one and spent more CPU than the overlap saved. A lone arrival therefore waits for the
 * write in flight and joins whatever else arrives meanwhile; two or more are worth a batch.
 *
 * With `commitLingerMs` (the server's default), a batch prepared with no write in flight may first
 * wait that long for the clients the last commit answered (CommitLinger), and while it is engaged
 * (commits of a few submissions) the second stage starts only once four wait: a few clients
 * sending one after another share one commit instead of two pairs taking turns.
 */
export class AppendPipeline {
  private readonly queue: Pending[] = [];
  /** The settings' prepareAheadAt; when absent it follows the linger (see prepareAheadAt). */
  private readonly fixedPrepareAheadAt: number | undefined;
  private draining: Promise<void> | undefined;
  private readonly hashes: LogHashes;
  private readonly applyOptions: ApplyOptions;
  private committed: CommittedLog;
  /** The failed write that ended this pipeline, once there was one. */
  private failure: unknown;
  private readonly listeners: Array<(log: CommittedLog) => void> = [];
  /** Resolves the drain's wait for the next submission (see arrival). */
  private wake: (() => void) | undefined;
  /** Holds a batch back for the clients just answered (see CommitLinger). */
  readonly linger: CommitLinger;

  constructor(
    private readonly backend: KvBackend,
    committed: CommittedLog,
    private readonly settings: PipelineSettings,
    private readonly onWriteFailure: (err: unknown) => void = () => {},
  ) {
    this.hashes = settings.hashes ?? nobleHashes;
    this.applyOptions = { subgroupCheck: settings.subgroupCheck };
    this.fixedPrepareAheadAt = settings.prepareAheadAt === undefined ? undefined : Math.max(1, settings.prepareAheadAt);
    this.linger = new CommitLinger(settings.commitLingerMs ?? 0, settings.maxBatch);
    this.committed = { ...committed, tree: committed.tree.clone(this.hashes.nodeHash) };
  }

  /**
   * Submissions waiting before a batch is prepared on top of a write in flight: more while the
   * linger is engaged (few clients, whom it gathers into one commit), the usual two otherwise, so
   * that many clients are pipelined exactly as without it.
   */
  private get prepareAheadAt(): number {
    return this.fixedPrepareAheadAt ?? (this.linger.engaged ? PREPARE_AHEAD_AT_WITH_LINGER : DEFAULT_PREPARE_AHEAD_AT);
  }

  /** True once a durable write failed: the pipeline acknowledges nothing more. */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** The log as last made durable: what readers, proofs and checkpoints are served from. */
  get log(): CommittedLog {
    return this.committed;
  }

  /**
   * Calls `listener` after every durable write that grew the log (a new signed checkpoint), in
   * the same tick, after the batch's submissions are answered. It must not throw or block: the
   * witness client, say, only notes the checkpoint and submits it later.
   */
  onCommit(listener: (log: CommittedLog) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Queues an already parsed envelope; resolves once it is durable (or was already there).
   * `verify`, when given, checks this submission's signature instead of the settings' function.
   * It may still be on its way: the batch reads its state meanwhile and awaits it only to apply
   * this entry, so a signature checked on the thread pool overlaps the batch's store reads. If
   * it rejects, this submission is refused with its reason.
   */
  append(envelope: Envelope, verify?: VerifyFn | Promise<VerifyFn | undefined>): Promise<AppendResult> {
    if (this.failed) return Promise.reject(stopped());
    const envelopeDigest = envelopeDigestOf(envelope, this.hashes);
    // A batch may never await it (a resubmission is answered from its record, a failed write
    // refuses the batch): its failure is then of no interest, but must not go unhandled.
    if (verify instanceof Promise) verify.catch(() => {});
    return new Promise((resolve, reject) => {
      this.queue.push({ envelope, envelopeDigest, verify, resolve, reject });
      if (this.queue.length >= this.prepareAheadAt) this.wake?.();
      this.linger.arrived(this.queue.length);
      this.draining ??= this.drain();
    });
  }

  /** Resolves when every queued submission has been answered. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    let writing: BatchInFlight | undefined;
    while (this.queue.length > 0 || writing !== undefined) {
      if (writing !== undefined && this.queue.length < this.prepareAheadAt) {
        // Whichever comes first: the write ends, or enough submissions arrive to prepare
        // meanwhile (with those of the same turn of the event loop).
        const woke = await Promise.race([writing.written.then(() => 'written' as const), this.arrival()]);
        if (woke !== 'written') await new Promise((resolve) => setImmediate(resolve));
        if (woke === 'written' || this.queue.length < this.prepareAheadAt) {
          await writing.settled;
          writing = undefined;
        }
        continue;
      }
      if (writing === undefined) {
        const target = this.linger.targetFor(this.queue.length);
        if (target > 0) await this.linger.wait(target);
      }
      const batch = this.queue.splice(0, this.settings.maxBatch);
      if (this.failed) {
        for (const item of batch) item.reject(stopped());
        continue;
      }
      const started = performance.now();
      let prepared: PreparedBatch;
      try {
        prepared = await this.prepare(batch, writing?.prepared);
      } catch (err) {
        // Nothing was written (a read failed, say): this batch is refused, the log is unchanged.
        for (const item of batch) item.reject(err);
        continue;
      }
      // Nothing of this batch is written or answered before the batch under it is durable.
      if (writing !== undefined) {
        await writing.settled;
        writing = undefined;
      }
      if (this.failed) {
        for (const item of batch) item.reject(stopped());
        continue;
      }
      if (prepared.log === this.committed) {
        this.answer(batch, prepared, started);
        continue;
      }
      const written = this.backend.write(prepared.overlay.writes()).then(
        () => undefined,
        (err: unknown) => ({ err }),
      );
      const settled = this.settle({ batch, prepared, started, written });
      // Awaited by the drain, which then fails as before; meanwhile no rejection goes unhandled.
      settled.catch(() => {});
      writing = { batch, prepared, started, written, settled };
    }
    // Cleared in the same tick as the last look at the queue, so no submission can slip in
    // between and wait for a drain that has already ended.
    this.draining = undefined;
  }

  /** Resolves once `prepareAheadAt` submissions are queued. */
  private arrival(): Promise<'arrived'> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve('arrived');
      };
    });
  }

  /**
   * Waits for a batch's write; then makes it the committed log and answers its submissions. Runs
   * as soon as the write ends, possibly while the next batch is being prepared on top of this
   * one: that batch reads this one's puts as pending, and the resident map gains the same values,
   * so what it sees does not change; it was started from this batch's log, not the committed one.
   */
  private async settle(writing: Omit<BatchInFlight, 'settled'>): Promise<void> {
    const { batch, prepared, started } = writing;
    const failed = await writing.written;
    if (failed !== undefined) {
      this.failure = failed.err;
      const refused = Object.assign(
        new TallyError('store_write_failed', `the store could not write this batch (${(failed.err as Error).message}); nothing was acknowledged, resubmit later`),
        { cause: failed.err },
      );
      for (const item of batch) item.reject(refused);
      this.onWriteFailure(failed.err);
      return;
    }
    for (const [key, value] of prepared.overlay.residentWrites()) this.committed.resident.set(key, value);
    this.committed = prepared.log;
    this.answer(batch, prepared, started);
    this.linger.committed(batch.length, this.queue.length);
    for (const listener of this.listeners) listener(prepared.log);
  }

  /** Answers each submission of a batch whose outcome is final (durable, or needing no write). */
  private answer(batch: Pending[], prepared: PreparedBatch, started: number): void {
    const appended = prepared.outcomes.filter((o) => o.ok && o.result.created).length;
    this.settings.onCommit?.({ submissions: batch.length, appended, ms: performance.now() - started });
    batch.forEach((item, i) => {
      const outcome = prepared.outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.result);
      else item.reject(outcome.error);
    });
  }

  /**
   * Validates and applies a batch in memory on top of the committed state, or on top of `under`,
   * the batch being written meanwhile, as it will be once durable.
   */
  private async prepare(batch: Pending[], under?: PreparedBatch): Promise<PreparedBatch> {
    const start = under?.log ?? this.committed;
    const overlay = new BatchOverlay(start.resident, under?.overlay.held);
    await overlay.prefetch(
      this.backend,
      batch.flatMap(({ envelope }) => [...keysTouched(envelope.event), LOG_KEYS.eventId(envelope.event.id)]),
    );

    const tree = start.tree.clone();
    let lastHash = start.head.lastHash;
    const recordedAt = this.settings.clock().toISOString();
    const outcomes: PreparedBatch['outcomes'] = [];

    for (const item of batch) {
      const tx = overlay.begin();
      try {
        const idKey = LOG_KEYS.eventId(item.envelope.event.id);
        const known = tx.get(idKey) as EventIdRecord | undefined;
        if (known !== undefined) {
          if (known.envelopeDigest !== item.envelopeDigest) {
            throw new TallyError('event_conflict', `event id ${item.envelope.event.id} is already used by entry ${known.seq}`, ['event', 'id']);
          }
          outcomes.push({ ok: true, result: { seq: known.seq, hash: known.hash, created: false } });
          continue;
        }
        const entry = makeEntry({ seq: tree.size, prev: lastHash, recordedAt, envelope: item.envelope });
        await prefetchVisibility(overlay, this.backend, item.envelope.event, entry.seq);
        const verify = (await item.verify) ?? this.settings.verify;
        const hash = appendEntry(tx, tree, entry, entryLeafText(entry), item.envelopeDigest, verify, this.hashes.leafHash, this.applyOptions);
        tx.commit();
        lastHash = hash;
        outcomes.push({ ok: true, result: { seq: entry.seq, hash, created: true } });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }

    if (tree.size === start.head.size) return { overlay, log: start, outcomes };
    const rootHash = toHex(tree.root());
    const checkpoint = await this.signCommit({ origin: this.settings.origin, size: tree.size, rootHash });
    return { overlay, log: this.finish(start, overlay, tree, rootHash, lastHash, checkpoint), outcomes };
  }

  /**
   * The signed checkpoint of a group commit: on the thread pool when the settings give a way and
   * enough submissions wait for the request thread to have something else to do meanwhile. With
   * fewer waiting it would only wait for the pool's answer, on the path of every acknowledgement:
   * signing there costs it a signature (tens of microseconds), the trip to the pool 0.18 ms of
   * wall time (median at 4 connections, stop 29).
   */
  private signCommit(checkpoint: Checkpoint): Promise<string> | string {
    const { secretKey, publicKey } = this.settings.logKey;
    if (this.settings.signAsync !== undefined && this.queue.length >= this.prepareAheadAt) return signCheckpointAsync(checkpoint, publicKey, this.settings.signAsync);
    return signCheckpoint(checkpoint, secretKey, publicKey, this.settings.sign);
  }

  /**
   * Writes head and checkpoint into the batch; the log as it will be once the batch is durable.
   * `rootHash` is the root of `tree` (hex), which the caller computed to sign the checkpoint.
   */
  private finish(start: CommittedLog, overlay: BatchOverlay, tree: CompactRange, rootHash: string, lastHash: string, checkpoint: string): CommittedLog {
    const head: LogHead = { size: tree.size, rootHash, lastHash, frontier: tree.frontier().map(toHex) };
    overlay.write(LOG_KEYS.head, head);
    overlay.write(LOG_KEYS.checkpoint, new RawText(checkpoint));
    // Every signed checkpoint is kept by size, so a bundle or passport can be pinned to one (SPEC 7).
    overlay.write(LOG_KEYS.signedCheckpoint(tree.size), new RawText(checkpoint));
    // The resident map itself is updated in place once the write is durable (see drain).
    return { head, checkpoint, tree, resident: start.resident };
  }

  /**
   * Re-appends entries the log once wrote, byte for byte (recovery from a mirror, SPEC 5.1):
   * each must be the JCS leaf of an entry at the next position whose `prev` is the last hash, and
   * must pass the custody rules against the state so far, as when it was first appended. They
   * are written in durable batches of `chunk`; every batch but the last carries a checkpoint the
   * log signs for that prefix (a prefix of the tree being restored, so consistent with anything
   * the log signed before), the last carries `checkpoint`, which must sign the final tree.
   * Requires an idle pipeline (nothing queued): recovery runs before the log serves.
   * @throws TallyError `invalid_entry` for an entry out of place, not canonical, or breaking the
   *   chain; a custody code for one breaking a rule; `invalid_checkpoint` if `checkpoint` does not
   *   sign the resulting tree. Batches written before the failure stay (each is a valid log).
   */
  async reappend(texts: readonly string[], checkpoint: { text: string; size: number; rootHash: string }, chunk = 1000): Promise<void> {
    if (this.draining || this.queue.length > 0) throw new TallyError('unavailable', 'reappend needs an idle log');
    if (this.committed.head.size + texts.length !== checkpoint.size) {
      throw new TallyError('invalid_checkpoint', `${texts.length} entries after ${this.committed.head.size} do not make the checkpoint's ${checkpoint.size}`);
    }
    for (let at = 0; at < texts.length; at += chunk) {
      const start = this.committed;
      const part = texts.slice(at, at + chunk);
      const entries = part.map((text, i) => parseLeaf(text, start.head.size + i));
      const overlay = new BatchOverlay(start.resident);
      await overlay.prefetch(this.backend, entries.flatMap((e) => [...keysTouched(e.event), LOG_KEYS.eventId(e.event.id)]));
      const tree = start.tree.clone();
      let lastHash = start.head.lastHash;
      for (const [i, text] of part.entries()) {
        const entry = entries[i]!;
        if (entry.prev !== lastHash) throw new TallyError('invalid_entry', `entry ${entry.seq} does not chain: its prev is not the hash of entry ${entry.seq - 1}`, ['prev']);
        const tx = overlay.begin();
        if (tx.get(LOG_KEYS.eventId(entry.event.id)) !== undefined) throw new TallyError('event_conflict', `entry ${entry.seq} repeats event id ${entry.event.id}`);
        await prefetchVisibility(overlay, this.backend, entry.event, entry.seq);
        lastHash = appendEntry(tx, tree, entry, text, envelopeDigestOf(entry), this.settings.verify, this.hashes.leafHash, this.applyOptions);
        tx.commit();
      }
      const last = at + chunk >= texts.length;
      const rootHash = toHex(tree.root());
      if (last && rootHash !== checkpoint.rootHash) {
        throw new TallyError('invalid_checkpoint', `the entries give root ${rootHash}, the checkpoint of size ${checkpoint.size} signs ${checkpoint.rootHash}`);
      }
      const text = last ? checkpoint.text : await this.signCommit({ origin: this.settings.origin, size: tree.size, rootHash });
      const log = this.finish(start, overlay, tree, rootHash, lastHash, text);
      await this.backend.write(overlay.writes());
      for (const [key, value] of overlay.residentWrites()) this.committed.resident.set(key, value);
      this.committed = log;
      for (const listener of this.listeners) listener(log);
    }
  }
}
