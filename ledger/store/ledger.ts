import type { Entry, Envelope } from '../../schemas/entry.js';
import type { ParticipantState } from '../../schemas/state.js';
import { stateKeys } from '../custody/keys.js';
import { eventSigningBytes } from '../log/event-signing.js';
import { parseAndSealEnvelope } from '../custody/validated-envelope.js';
import { TallyError } from '../errors.js';
import { bytesEqual, fromBase64Url, fromHex, toHex } from '../encoding/bytes.js';
import { nobleVerify, type VerifyFn } from '../crypto/signature.js';
import type { LogHashes } from '../crypto/hash.js';
import type { SubgroupCheck } from '../crypto/keys.js';
import { parseCheckpoint, verifierKeyString } from '../log/checkpoint.js';
import { CompactRange } from '../merkle/compact.js';
import type { SubtreeId } from '../merkle/tree-math.js';
import { consistencyPlan, inclusionPlan, resolvePlan, type ProofPlan } from '../merkle/plan.js';
import { inclusionBatchPlan } from '../merkle/batch-plan.js';
import { proofsOf, type ProofSet } from '../merkle/proof-set.js';
import type { KvBackend } from './backend.js';
import { prefixRange } from './backend.js';
import { AppendPipeline, type AppendResult, type CommittedLog, type PipelineSettings } from './append-pipeline.js';
import { genesisEnvelope } from './genesis.js';
import { LOG_KEYS, type LogHead } from './log-layout.js';
import { RESIDENT_PREFIXES, ResidentState, thaw } from './overlay.js';
import { assertExtends, checkStoredLog, recomputeLog } from './recovery.js';
import { readImmutable, resolveInclusionSet } from './batch-proofs.js';
import { checkGenesisSettings } from './settings-check.js';
import { BackendStateSource } from './state-source.js';
import { SwitchableBackend } from './switchable-backend.js';

export interface LedgerSettings {
  origin: string;
  homeCountry: string;
  logKey: { secretKey: Uint8Array; publicKey: Uint8Array };
  registrar: { publicKey: Uint8Array; name?: string; country?: string };
  /** Server time; injected so tests can move it. */
  clock?: () => Date;
  /** Signature check used while applying entries (defaults to @noble/ed25519). */
  verify?: VerifyFn;
  /**
   * Optional asynchronous check run before a submission queues (node:crypto on the thread pool,
   * say), so signatures are verified in parallel while the writer works. A success is kept with
   * that submission only, never in a shared cache, and lets its apply skip exactly that
   * (signature, message, key) check; the rules still judge the entry at its position.
   */
  preverify?: (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => Promise<boolean>;
  /** Signs checkpoints with the log key; defaults to @noble/ed25519 (see node-signer.ts). */
  sign?: (msg: Uint8Array) => Uint8Array;
  /** Signs group commits' checkpoints with the log key off the request thread (nodePoolSigner). */
  signAsync?: (msg: Uint8Array) => Promise<Uint8Array>;
  /** Most submissions written in one group commit. */
  maxBatch?: number;
  /** Submissions waiting before one is prepared on top of a write in flight (append-pipeline.ts). */
  prepareAheadAt?: number;
  /** The longest a batch waits for the clients the commit before it answered (commit-linger.ts); 0 by default. */
  commitLingerMs?: number;
  /** The log's hashes; @noble/hashes by default, node:crypto on the server (node-hashes.ts). */
  hashes?: LogHashes;
  /** Decides whether registered keys are torsion-free; @noble's by default, OpenSSL's on the server (node-subgroup.ts). */
  subgroupCheck?: SubgroupCheck;
  /**
   * Opens the same store again. After a failed write the ledger closes its backend, reopens it
   * with this (retrying while that fails, answering 503 meanwhile), proves that the store holds
   * the last checkpoint it published and passes the start-up check, and only then appends again.
   * Without it a failed write leaves the ledger refusing every submission until it is closed and
   * the process restarted.
   */
  reopen?: () => Promise<KvBackend>;
  /**
   * Recompute the whole tree in the background after opening (TALLY_BACKGROUND_CHECK): on a
   * mismatch the ledger stops serving (`health().ready` false, every request 503).
   */
  backgroundCheck?: boolean;
  /** Told after each durable group commit (the server's metrics). */
  onCommit?: PipelineSettings['onCommit'];
}

/** Whether the ledger serves, and why not. */
export type LedgerHealth =
  | { ready: true; state: 'serving' }
  | { ready: false; state: 'recovering' | 'halted' | 'closed'; reason: string };

/** Pause between attempts to reopen the store after a failed write (doubling up to the cap). */
const REOPEN_RETRY_MS = { first: 100, max: 2_000 };

export interface LogInfo {
  origin: string;
  homeCountry: string;
  logKey: string;
  size: number;
  rootHash: string;
}

/**
 * The ledger over a key-value backend: the verifiable log, its proofs and checkpoints, and the
 * custody state the entries produce, all kept in step by the append pipeline.
 */
export class Ledger {
  readonly state: BackendStateSource;
  private readonly backend: SwitchableBackend;
  private pipeline!: AppendPipeline;
  private closed = false;
  private halted: string | undefined;
  private recovering: Promise<void> | undefined;
  private recoveryReason = '';
  /** Submissions holding a signature verified ahead, not yet settled (see preverify). */
  private preverifiedInFlight = 0;
  /** Settles when the background check (if asked for) has finished, whatever it found. */
  backgroundCheck: Promise<void> = Promise.resolve();
  /** Set when the log learns it must sign or accept nothing more, while reads go on (see halt). */
  private refusal: TallyError | undefined;

  private constructor(
    backend: KvBackend,
    private readonly settings: LedgerSettings,
    private readonly pipelineSettings: PipelineSettings,
    readonly info: { origin: string; homeCountry: string; logKey: string },
  ) {
    this.backend = new SwitchableBackend(backend);
    this.state = new BackendStateSource(this.backend, () => this.pipeline.log.resident);
  }

  /**
   * Opens a ledger, writing genesis on an empty backend. On a non-empty one, runs the start-up
   * check (the last checkpoint against the stored head, frontier and last entries, in
   * O(log n) reads; see recovery.ts) and refuses to open unless it holds, and unless the
   * settings are those fixed at genesis.
   * The ledger owns the backend from here on: a refused open closes it.
   * @throws TallyError `store_corrupt`, `store_config_mismatch`
   */
  static async open(backend: KvBackend, settings: LedgerSettings): Promise<Ledger> {
    try {
      return await Ledger.openOwned(backend, settings);
    } catch (err) {
      await backend.close().catch(() => {});
      throw err;
    }
  }

  private static async openOwned(backend: KvBackend, settings: LedgerSettings): Promise<Ledger> {
    const clock = settings.clock ?? (() => new Date());
    const verify = settings.verify ?? nobleVerify;
    const logKey = verifierKeyString(settings.origin, settings.logKey.publicKey);
    const pipelineSettings: PipelineSettings = {
      origin: settings.origin,
      logKey: settings.logKey,
      clock,
      verify,
      maxBatch: settings.maxBatch ?? 1000,
      ...(settings.prepareAheadAt !== undefined ? { prepareAheadAt: settings.prepareAheadAt } : {}),
      ...(settings.commitLingerMs !== undefined ? { commitLingerMs: settings.commitLingerMs } : {}),
      ...(settings.hashes ? { hashes: settings.hashes } : {}),
      ...(settings.subgroupCheck ? { subgroupCheck: settings.subgroupCheck } : {}),
      ...(settings.sign ? { sign: settings.sign } : {}),
      ...(settings.signAsync ? { signAsync: settings.signAsync } : {}),
      ...(settings.onCommit ? { onCommit: settings.onCommit } : {}),
    };
    const info = { origin: settings.origin, homeCountry: settings.homeCountry, logKey };
    const ledger = new Ledger(backend, settings, pipelineSettings, info);

    const isEmpty = (await backend.get(LOG_KEYS.entry(0))) === undefined && (await backend.get(LOG_KEYS.head)) === undefined;
    if (isEmpty) {
      const pipeline = ledger.startPipeline(emptyLog());
      await ledger.writeGenesis(pipeline, settings, clock);
      return ledger;
    }

    const genesisText = await backend.get(LOG_KEYS.entry(0));
    if (genesisText === undefined) throw new TallyError('store_corrupt', 'entry 0 (genesis) is missing');
    // Settings first: a store opened with another origin would otherwise fail the checkpoint's
    // signature check and be reported corrupt, sending the operator to a backup for nothing.
    checkGenesisSettings(JSON.parse(genesisText) as Entry, settings, logKey);
    ledger.startPipeline(await loadCommitted(backend, logKey, verify));
    if (settings.backgroundCheck) ledger.backgroundCheck = ledger.checkInBackground();
    return ledger;
  }

  /** Entry 0. A start whose genesis cannot be written (a full or read-only disk) says why, and leaves no ledger running. */
  private async writeGenesis(pipeline: AppendPipeline, settings: LedgerSettings, clock: () => Date): Promise<void> {
    try {
      await pipeline.append(
        genesisEnvelope({
          origin: settings.origin,
          homeCountry: settings.homeCountry,
          logKey: settings.logKey,
          registrar: {
            publicKey: settings.registrar.publicKey,
            name: settings.registrar.name ?? 'Registrar',
            country: settings.registrar.country ?? settings.homeCountry,
          },
          at: clock().toISOString(),
        }),
      );
    } catch (err) {
      this.closed = true;
      await this.recovering;
      throw (err as { cause?: unknown }).cause instanceof TallyError ? (err as { cause: TallyError }).cause : err;
    }
  }

  /** Whether the ledger serves: false while it reopens its store after a failed write, or for good after a failed check. */
  health(): LedgerHealth {
    if (this.closed) return { ready: false, state: 'closed', reason: 'the ledger is closing' };
    if (this.halted !== undefined) return { ready: false, state: 'halted', reason: this.halted };
    if (this.recovering) return { ready: false, state: 'recovering', reason: this.recoveryReason };
    return { ready: true, state: 'serving' };
  }

  /** Submissions holding a signature verified ahead and not yet answered (0 when idle). */
  get preverifiedPending(): number {
    return this.preverifiedInFlight;
  }

  /** Keys the resident map visited and wrote since it was loaded (see ResidentState). */
  get residentWork(): Readonly<{ visited: number; written: number }> {
    return (this.pipeline.log.resident as ResidentState).work;
  }

  private startPipeline(committed: CommittedLog): AppendPipeline {
    this.pipeline = new AppendPipeline(this.backend, committed, this.pipelineSettings, (err) => this.onWriteFailure(err));
    return this.pipeline;
  }

  private onWriteFailure(err: unknown): void {
    this.recoveryReason = `a write to the store failed (${(err as Error).message}); reopening it`;
    if (this.settings.reopen === undefined) {
      this.halted = `a write to the store failed (${(err as Error).message}); restart the server to reopen and check the store`;
      return;
    }
    this.recovering ??= this.recover(this.settings.reopen).finally(() => (this.recovering = undefined));
  }

  /**
   * After a failed write: closes the store, reopens it (retrying while that fails, a disk still
   * full say), proves it holds the last checkpoint this ledger published and passes the start-up
   * check, and resumes from what it holds. A store that lost anything acknowledged halts the
   * ledger for good (`store_corrupt`): only an operator may decide what happens next.
   */
  private async recover(reopen: () => Promise<KvBackend>): Promise<void> {
    const published = this.pipeline.log;
    await this.pipeline.idle();
    await this.backend.detach()?.close().catch(() => {});
    for (let wait = REOPEN_RETRY_MS.first; !this.closed; wait = Math.min(wait * 2, REOPEN_RETRY_MS.max)) {
      let next: KvBackend;
      try {
        next = await reopen();
      } catch (err) {
        this.recoveryReason = `reopening the store failed (${(err as Error).message}); retrying`;
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      try {
        if (this.closed) break;
        const committed = await loadCommitted(next, this.info.logKey, this.pipelineSettings.verify);
        await assertExtends(next, committed.head, { origin: this.info.origin, size: published.head.size, rootHash: published.head.rootHash });
        this.backend.attach(next);
        this.startPipeline(committed);
        return;
      } catch (err) {
        await next.close().catch(() => {});
        if ((err as { code?: string }).code === 'store_corrupt') {
          this.halted = `after a failed write the reopened store does not hold what the log published: ${(err as Error).message}`;
          return;
        }
        this.recoveryReason = `checking the reopened store failed (${(err as Error).message}); retrying`;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** The full recomputation of the tree of the size opened with; halts the ledger on a mismatch. */
  private async checkInBackground(): Promise<void> {
    const expected = parseCheckpoint(this.checkpoint, this.info.logKey, this.pipelineSettings.verify);
    try {
      await recomputeLog(this.backend, this.info.logKey, this.pipelineSettings.verify, {
        expected,
        ...(this.settings.hashes ? { hashes: this.settings.hashes } : {}),
        // A closing ledger stops the check rather than wait for a scan of the whole log.
        onEntry: () => {
          if (this.closed) throw new TallyError('unavailable', 'the ledger is closing');
        },
      });
    } catch (err) {
      if (this.closed || (err as { code?: string }).code === 'unavailable') return;
      this.halted = `the background check of the store failed: ${(err as Error).message}`;
    }
  }

  /** False once close() has begun: the store no longer takes submissions (readiness). */
  get isOpen(): boolean {
    return !this.closed;
  }

  get size(): number {
    return this.pipeline.log.head.size;
  }

  /** The settings' asynchronous signature check (see LedgerSettings.preverify), when given. */
  get offThreadCheck(): LedgerSettings['preverify'] {
    return this.settings.preverify;
  }

  get rootHash(): string {
    return this.pipeline.log.head.rootHash;
  }

  /** The latest signed checkpoint (C2SP tlog-checkpoint text). */
  get checkpoint(): string {
    return this.pipeline.log.checkpoint;
  }

  /**
   * The checkpoint the log signed when its tree had `size` entries, or undefined when it signed
   * none of that size (sizes inside a group commit) or the store predates keeping them.
   */
  async checkpointAt(size: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(size) || size < 1 || size > this.size) return undefined;
    if (size === this.size) return this.checkpoint;
    return this.backend.get(LOG_KEYS.signedCheckpoint(size));
  }

  /** How often group commits waited for returning clients, since the append pipeline started (commit-linger.ts). */
  commitLingerCounts(): Readonly<{ waits: number; filled: number; timedOut: number }> {
    return { ...this.pipeline.linger.counts };
  }

  logInfo(): LogInfo {
    return { ...this.info, size: this.size, rootHash: this.rootHash };
  }

  /**
   * Validates and appends one envelope (any JSON value from outside). Resolves once the entry and
   * the state it produces are durable; an identical resubmission resolves with the original seq.
   * @throws TallyError `invalid_event`, `event_conflict`, any custody rule code, `unavailable`
   */
  async submit(input: unknown): Promise<AppendResult> {
    const health = this.health();
    if (!health.ready) throw new TallyError('unavailable', health.reason);
    if (this.refusal) throw this.refusal;
    const envelope = parseAndSealEnvelope(input);
    if (this.settings.preverify === undefined) return this.pipeline.append(envelope);
    this.preverifiedInFlight++;
    try {
      // Queued at once: the check runs on the thread pool while the batch reads its state.
      return await this.pipeline.append(envelope, this.preverifyEnvelope(envelope));
    } finally {
      this.preverifiedInFlight--;
    }
  }

  /**
   * Refuses every later submission with `reason` (a witness has shown the store rolled back, say),
   * so the log signs nothing more; reads keep working. The first reason stays.
   */
  halt(reason: TallyError): void {
    this.refusal ??= reason;
  }

  /** Why the ledger refuses submissions, if it does. */
  get haltReason(): TallyError | undefined {
    return this.refusal;
  }

  /**
   * Re-appends entries the log once wrote, exactly (recovery from a mirror or tiles: SPEC 5.1),
   * ending at `checkpoint`, a note the log key signed for the resulting tree. Never accepts an
   * event anew: each text must be the stored leaf of the next position, chaining by `prev`.
   * Requires a ledger that serves nothing yet.
   * @throws TallyError `invalid_checkpoint`, `invalid_entry`, custody codes (see AppendPipeline.reappend).
   */
  async reappend(texts: readonly string[], checkpoint: string): Promise<void> {
    const signed = parseCheckpoint(checkpoint, this.info.logKey);
    await this.pipeline.reappend(texts, { text: checkpoint, size: signed.size, rootHash: signed.rootHash });
  }

  /** The stored head: size, root, last entry hash and the right-edge subtree hashes. */
  get head(): LogHead {
    return this.pipeline.log.head;
  }

  /** Calls `listener` with each new signed checkpoint and its size, once it is durable. */
  onCheckpoint(listener: (checkpoint: string, size: number) => void): void {
    this.pipeline.onCommit((log) => listener(log.checkpoint, log.head.size));
  }

  /**
   * Hashes of complete subtrees, in order, from the stored `log/h/` records: what hash tiles are
   * served from without reading a leaf.
   * Requires every subtree to be complete in the committed tree.
   * @throws TallyError `invalid_range` for a subtree beyond the committed tree; `store_corrupt` if one is missing.
   */
  async subtreeHashes(ids: readonly SubtreeId[]): Promise<Uint8Array[]> {
    for (const { level, index } of ids) {
      if ((index + 1) * 2 ** level > this.size) throw new TallyError('invalid_range', `subtree ${level}/${index} is not complete in the tree of ${this.size}`);
    }
    const texts = await this.backend.getMany(ids.map(({ level, index }) => LOG_KEYS.subtree(level, index)));
    return texts.map((text, i) => {
      if (text === undefined) throw new TallyError('store_corrupt', `subtree hash ${ids[i]!.level}/${ids[i]!.index} is missing`);
      return fromHex(text);
    });
  }

  /** The exact leaf JSON of entries [from, end), clipped to the committed size. */
  async entryTexts(from: number, end: number): Promise<string[]> {
    const stop = Math.min(this.size, end);
    const texts: string[] = [];
    if (from < stop) for await (const [, text] of this.backend.scan({ gte: LOG_KEYS.entry(from), lt: LOG_KEYS.entry(stop) })) texts.push(text);
    return texts;
  }

  /** The exact leaf JSON of entry `seq`, or undefined past the end. */
  async entryText(seq: number): Promise<string | undefined> {
    if (!Number.isSafeInteger(seq) || seq < 0 || seq >= this.size) return undefined;
    return this.backend.get(LOG_KEYS.entry(seq));
  }

  async entry(seq: number): Promise<Entry | undefined> {
    const text = await this.entryText(seq);
    return text === undefined ? undefined : (JSON.parse(text) as Entry);
  }

  /**
   * Entries `seqs`, in the order asked, each undefined past the committed size or when missing:
   * {@link entry} of each, in a few large reads.
   */
  async entriesAt(seqs: readonly number[]): Promise<Array<Entry | undefined>> {
    return (await this.entryTextsAt(seqs)).map((text) => (text === undefined ? undefined : (JSON.parse(text) as Entry)));
  }

  /**
   * The stored leaf JSON (JCS) of entries `seqs`, in the order asked, as {@link entriesAt} but
   * unparsed: what a response can carry as it is.
   */
  async entryTextsAt(seqs: readonly number[]): Promise<Array<string | undefined>> {
    const size = this.size;
    const inLog = (seq: number) => Number.isSafeInteger(seq) && seq >= 0 && seq < size;
    // Committed entries never change, so reading them in separate chunks is safe.
    const texts = await readImmutable(this.backend, seqs.filter(inLog).map((seq) => LOG_KEYS.entry(seq)));
    let next = 0;
    return seqs.map((seq) => (inLog(seq) ? texts[next++] : undefined));
  }

  /** Entries from `from` in order, at most `limit` of them, never past the committed size. */
  async entries(from: number, limit: number): Promise<Entry[]> {
    const end = Math.min(this.size, from + limit);
    if (from >= end) return [];
    const out: Entry[] = [];
    for await (const [, text] of this.backend.scan({ gte: LOG_KEYS.entry(from), lt: LOG_KEYS.entry(end) })) out.push(JSON.parse(text) as Entry);
    return out;
  }

  /**
   * `{"entries":[...]}` with each entry's exact leaf JSON spliced in unparsed, so a replaying
   * auditor receives the very bytes that were hashed.
   */
  async entriesPageJson(from: number, limit: number): Promise<string> {
    return `{"entries":[${(await this.entryTexts(from, from + limit)).join(',')}]}`;
  }

  /**
   * RFC 9162 inclusion proof of entry `seq` in the tree of `size` entries, from O(log n) reads.
   * Requires 0 <= seq < size <= this.size.
   * @throws TallyError `invalid_range`
   */
  async inclusionProof(seq: number, size: number): Promise<{ seq: number; size: number; leafHash: string; proof: string[] }> {
    if (!(Number.isSafeInteger(seq) && Number.isSafeInteger(size) && seq >= 0 && seq < size && size <= this.size)) {
      throw new TallyError('invalid_range', `need 0 <= seq < size <= ${this.size}`);
    }
    const [leaf] = await this.resolve([[{ level: 0, index: seq }]]);
    const proof = await this.resolve(inclusionPlan(seq, size));
    return { seq, size, leafHash: leaf!, proof };
  }

  /**
   * RFC 9162 inclusion proofs of many entries in the tree of `size` entries, in the order of
   * `seqs`: the proofs {@link inclusionProof} gives one by one, from each subtree hash read once.
   * Requires 0 <= seq < size <= this.size for every seq.
   * @throws TallyError `invalid_range`; `store_corrupt` if a subtree hash is missing.
   */
  async inclusionProofs(seqs: readonly number[], size: number): Promise<string[][]> {
    return proofsOf(await this.inclusionProofSet(seqs, size));
  }

  /**
   * {@link inclusionProofs} with each distinct node once (see ProofSet), for a caller that
   * writes thousands of them out.
   * @throws TallyError as {@link inclusionProofs}.
   */
  async inclusionProofSet(seqs: readonly number[], size: number): Promise<ProofSet> {
    const outside = seqs.find((seq) => !(Number.isSafeInteger(seq) && seq >= 0 && seq < size));
    if (outside !== undefined || !(Number.isSafeInteger(size) && size <= this.size)) {
      throw new TallyError('invalid_range', `need 0 <= seq < size <= ${this.size}`);
    }
    // Complete subtree hashes never change once written, so they are read in separate chunks.
    return resolveInclusionSet(this.backend, inclusionBatchPlan(seqs, size));
  }

  /**
   * RFC 9162 consistency proof between the trees of `from` and `to` entries.
   * Requires 1 <= from <= to <= this.size.
   * @throws TallyError `invalid_range`
   */
  async consistencyProof(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 1 && from <= to && to <= this.size)) {
      throw new TallyError('invalid_range', `need 1 <= from <= to <= ${this.size}`);
    }
    return { from, to, proof: await this.resolve(consistencyPlan(from, to)) };
  }

  /** Stops taking submissions, answers the queued ones, and closes the backend. */
  async close(): Promise<void> {
    this.closed = true;
    await this.pipeline.idle();
    await this.recovering;
    await this.backgroundCheck;
    await this.backend.close();
  }

  /**
   * Checks the signature against the actor's current key off the main thread. Returns, for this
   * submission only, a check that accepts exactly what was verified and defers everything else to
   * the ledger's `verify`: the entry is judged again when applied, against the state at its
   * position. Nothing outlives the submission, whichever way it ends.
   */
  private async preverifyEnvelope(envelope: Envelope): Promise<VerifyFn | undefined> {
    const actor = (await this.state.get(stateKeys.participant(envelope.event.actor))) as ParticipantState | undefined;
    const key = actor?.keys.find((k) => k.keyId === envelope.keyId && k.revokedSeq === undefined);
    if (key === undefined) return undefined;
    let sig: Uint8Array;
    let pub: Uint8Array;
    try {
      sig = fromBase64Url(envelope.sig);
      pub = fromBase64Url(key.publicKey);
    } catch {
      return undefined;
    }
    const msg = eventSigningBytes(envelope.event);
    if (!(await this.settings.preverify!(sig, msg, pub))) return undefined;
    const fallback = this.pipelineSettings.verify;
    return (s, m, p) => (bytesEqual(s, sig) && bytesEqual(p, pub) && (m === msg || bytesEqual(m, msg))) || fallback(s, m, p);
  }

  private async resolve(plan: ProofPlan): Promise<string[]> {
    const coordinates = plan.flat();
    const texts = await this.backend.getMany(coordinates.map(({ level, index }) => LOG_KEYS.subtree(level, index)));
    const hashes = new Map<string, Uint8Array>();
    coordinates.forEach(({ level, index }, i) => {
      const text = texts[i];
      if (text === undefined) throw new TallyError('store_corrupt', `subtree hash ${level}/${index} is missing`);
      hashes.set(`${level}/${index}`, fromHex(text));
    });
    return resolvePlan(plan, (level, index) => hashes.get(`${level}/${index}`)!).map(toHex);
  }
}

function emptyLog(): CommittedLog {
  return {
    head: { size: 0, rootHash: toHex(new CompactRange().root()), lastHash: '0'.repeat(64), frontier: [] },
    checkpoint: '',
    tree: new CompactRange(),
    resident: new ResidentState(),
  };
}

/** The committed log of a non-empty store after the start-up check, with its resident state loaded. */
async function loadCommitted(backend: KvBackend, logKey: string, verify: VerifyFn): Promise<CommittedLog> {
  const recovered = await checkStoredLog(backend, logKey, verify);
  const resident = new ResidentState();
  for (const prefix of RESIDENT_PREFIXES) for await (const [key, value] of backend.scan(prefixRange(prefix))) resident.set(key, thaw(value));
  resident.work.written = 0;
  return { ...recovered, resident };
}
