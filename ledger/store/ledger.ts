import type { Entry, Envelope } from '../../schemas/entry.js';
import type { ParticipantState } from '../../schemas/state.js';
import { stateKeys } from '../custody/keys.js';
import { eventSigningBytes, sealEvent } from '../log/event-signing.js';
import { parseEnvelope } from '../../schemas/events.js';
import { TallyError } from '../errors.js';
import { fromBase64Url, fromHex, toHex } from '../encoding/bytes.js';
import { nobleVerify, type VerifyFn } from '../crypto/signature.js';
import { verifierKeyString } from '../log/checkpoint.js';
import { CompactRange } from '../merkle/compact.js';
import { consistencyPlan, inclusionPlan, resolvePlan, type ProofPlan } from '../merkle/plan.js';
import type { KvBackend } from './backend.js';
import { prefixRange } from './backend.js';
import { AppendPipeline, type AppendResult } from './append-pipeline.js';
import { genesisEnvelope } from './genesis.js';
import { LOG_KEYS } from './log-layout.js';
import { RESIDENT_PREFIXES, thaw } from './overlay.js';
import { recoverLog } from './recovery.js';
import { checkGenesisSettings } from './settings-check.js';
import { BackendStateSource } from './state-source.js';

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
   * say), so signatures are verified in parallel while the writer works; `verify` must then
   * recognise what it verified. The entry is still judged by `verify` when it is applied.
   */
  preverify?: (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => Promise<boolean>;
  /** Signs checkpoints with the log key; defaults to @noble/ed25519 (see node-signer.ts). */
  sign?: (msg: Uint8Array) => Uint8Array;
  /** Most submissions written in one group commit. */
  maxBatch?: number;
}

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
  private closed = false;

  private constructor(
    private readonly backend: KvBackend,
    private readonly pipeline: AppendPipeline,
    readonly info: { origin: string; homeCountry: string; logKey: string },
    private readonly preverify?: LedgerSettings['preverify'],
  ) {
    this.state = new BackendStateSource(backend, () => this.pipeline.log.resident);
  }

  /**
   * Opens a ledger, writing genesis on an empty backend. On a non-empty one, recomputes the tree
   * over the stored entries and refuses to open unless it matches the last signed checkpoint
   * and the settings fixed at genesis.
   * The ledger owns the backend from here on: a refused open closes it.
   * @throws TallyError `store_corrupt`, `store_config_mismatch`
   */
  static async open(backend: KvBackend, settings: LedgerSettings): Promise<Ledger> {
    try {
      return await Ledger.openOwned(backend, settings);
    } catch (err) {
      await backend.close();
      throw err;
    }
  }

  private static async openOwned(backend: KvBackend, settings: LedgerSettings): Promise<Ledger> {
    const clock = settings.clock ?? (() => new Date());
    const verify = settings.verify ?? nobleVerify;
    const logKey = verifierKeyString(settings.origin, settings.logKey.publicKey);
    const pipelineSettings = {
      origin: settings.origin,
      logKey: settings.logKey,
      clock,
      verify,
      maxBatch: settings.maxBatch ?? 1000,
      ...(settings.sign ? { sign: settings.sign } : {}),
    };
    const info = { origin: settings.origin, homeCountry: settings.homeCountry, logKey };

    const isEmpty = (await backend.get(LOG_KEYS.entry(0))) === undefined && (await backend.get(LOG_KEYS.head)) === undefined;
    if (isEmpty) {
      const pipeline = new AppendPipeline(backend, emptyLog(), pipelineSettings);
      const ledger = new Ledger(backend, pipeline, info, settings.preverify);
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
      return ledger;
    }

    const recovered = await recoverLog(backend, logKey, verify);
    const resident = new Map<string, unknown>();
    for (const prefix of RESIDENT_PREFIXES) for await (const [key, value] of backend.scan(prefixRange(prefix))) resident.set(key, thaw(value));
    const genesisText = await backend.get(LOG_KEYS.entry(0));
    checkGenesisSettings(JSON.parse(genesisText!) as Entry, settings, logKey);
    const pipeline = new AppendPipeline(backend, { ...recovered, resident }, pipelineSettings);
    return new Ledger(backend, pipeline, info, settings.preverify);
  }

  get size(): number {
    return this.pipeline.log.head.size;
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

  logInfo(): LogInfo {
    return { ...this.info, size: this.size, rootHash: this.rootHash };
  }

  /**
   * Validates and appends one envelope (any JSON value from outside). Resolves once the entry and
   * the state it produces are durable; an identical resubmission resolves with the original seq.
   * @throws TallyError `invalid_event`, `event_conflict`, any custody rule code, `unavailable`
   */
  async submit(input: unknown): Promise<AppendResult> {
    if (this.closed) throw new TallyError('unavailable', 'the ledger is closing');
    const envelope = parseEnvelope(input);
    sealEvent(envelope.event);
    if (this.preverify) await this.preverifyEnvelope(envelope);
    return this.pipeline.append(envelope);
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
    const end = Math.min(this.size, from + limit);
    const texts: string[] = [];
    if (from < end) for await (const [, text] of this.backend.scan({ gte: LOG_KEYS.entry(from), lt: LOG_KEYS.entry(end) })) texts.push(text);
    return `{"entries":[${texts.join(',')}]}`;
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
    await this.backend.close();
  }

  /**
   * Checks the signature against the actor's current key off the main thread. Only a warm-up:
   * whatever it finds, the entry is judged again when applied, against the state at its position.
   */
  private async preverifyEnvelope(envelope: Envelope): Promise<void> {
    const actor = (await this.state.get(stateKeys.participant(envelope.event.actor))) as ParticipantState | undefined;
    const key = actor?.keys.find((k) => k.keyId === envelope.keyId && k.revokedSeq === undefined);
    if (key === undefined) return;
    let sig: Uint8Array;
    try {
      sig = fromBase64Url(envelope.sig);
    } catch {
      return;
    }
    await this.preverify!(sig, eventSigningBytes(envelope.event), fromBase64Url(key.publicKey));
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

function emptyLog() {
  return {
    head: { size: 0, rootHash: toHex(new CompactRange().root()), lastHash: '0'.repeat(64), frontier: [] },
    checkpoint: '',
    tree: new CompactRange(),
    resident: new Map<string, unknown>(),
  };
}
