import type { Envelope } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { canonicalize } from '../encoding/jcs.js';
import { toHex, utf8Encode } from '../encoding/bytes.js';
import { leafHash, sha256 } from '../crypto/hash.js';
import type { VerifyFn } from '../crypto/signature.js';
import { entryLeafText, makeEntry } from '../log/entry.js';
import { eventJcs } from '../log/event-signing.js';
import { signCheckpoint } from '../log/checkpoint.js';
import type { CompactRange } from '../merkle/compact.js';
import { applyEntry } from '../custody/apply.js';
import { keysTouched } from '../custody/touched-keys.js';
import type { KvBackend } from './backend.js';
import { BatchOverlay, RawText } from './overlay.js';
import { LOG_KEYS, type LogHead } from './log-layout.js';

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

/** What the log records under `log/x/<event id>`: enough to answer a resubmission at once. */
interface EventIdRecord {
  seq: number;
  hash: string;
  envelopeDigest: string;
}

/** The log's state between group commits; replaced, never mutated, when a batch is durable. */
export interface CommittedLog {
  head: LogHead;
  checkpoint: string;
  tree: CompactRange;
  /** Resident state (see overlay.ts), parsed and frozen. */
  resident: Map<string, unknown>;
}

export interface PipelineSettings {
  origin: string;
  logKey: { secretKey: Uint8Array; publicKey: Uint8Array };
  clock: () => Date;
  verify: VerifyFn;
  /** Signs checkpoints with the log key (node:crypto on the server; noble by default). */
  sign?: (msg: Uint8Array) => Uint8Array;
  maxBatch: number;
}

interface Pending {
  envelope: Envelope;
  envelopeDigest: string;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
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
 * fails validation is refused and leaves nothing behind; the others are unaffected. If the write
 * fails, the whole batch is refused and the committed state stays the last durable one.
 *
 * Batches are not pipelined (preparing one while the previous is written): measured, it gained
 * nothing, because at high concurrency the request thread, not the disk, is the limit.
 */
export class AppendPipeline {
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | undefined;

  constructor(
    private readonly backend: KvBackend,
    private committed: CommittedLog,
    private readonly settings: PipelineSettings,
  ) {}

  /** The log as last made durable: what readers, proofs and checkpoints are served from. */
  get log(): CommittedLog {
    return this.committed;
  }

  /** Queues an already parsed envelope; resolves once it is durable (or was already there). */
  append(envelope: Envelope): Promise<AppendResult> {
    const envelopeDigest = toHex(sha256(utf8Encode(envelopeJcs(envelope))));
    return new Promise((resolve, reject) => {
      this.queue.push({ envelope, envelopeDigest, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves when every queued submission has been answered. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.settings.maxBatch);
      try {
        const prepared = await this.prepare(batch);
        if (prepared.log !== this.committed) await this.backend.write(prepared.overlay.writes());
        this.committed = prepared.log;
        batch.forEach((item, i) => {
          const outcome = prepared.outcomes[i]!;
          if (outcome.ok) item.resolve(outcome.result);
          else item.reject(outcome.error);
        });
      } catch (err) {
        // The durable write failed: nothing of this batch is acknowledged or kept in memory.
        for (const item of batch) item.reject(err);
      }
    }
    // Cleared in the same tick as the last look at the queue, so no submission can slip in
    // between and wait for a drain that has already ended.
    this.draining = undefined;
  }

  /** Validates and applies a batch in memory on top of the committed state. */
  private async prepare(batch: Pending[]): Promise<PreparedBatch> {
    const start = this.committed;
    const overlay = new BatchOverlay(start.resident);
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
        applyEntry(entry, tx, this.settings.verify);
        const leafText = entryLeafText(entry);
        const hash = leafHash(utf8Encode(leafText));
        tx.putRaw(LOG_KEYS.entry(entry.seq), leafText);
        for (const node of tree.append(hash)) tx.putRaw(LOG_KEYS.subtree(node.level, node.index), toHex(node.hash));
        const record: EventIdRecord = { seq: entry.seq, hash: toHex(hash), envelopeDigest: item.envelopeDigest };
        tx.put(idKey, record);
        tx.commit();
        lastHash = record.hash;
        outcomes.push({ ok: true, result: { seq: entry.seq, hash: record.hash, created: true } });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }

    if (tree.size === start.head.size) return { overlay, log: start, outcomes };
    const rootHash = toHex(tree.root());
    const head: LogHead = { size: tree.size, rootHash, lastHash, frontier: tree.frontier().map(toHex) };
    const checkpoint = signCheckpoint(
      { origin: this.settings.origin, size: tree.size, rootHash },
      this.settings.logKey.secretKey,
      this.settings.logKey.publicKey,
      this.settings.sign,
    );
    overlay.write(LOG_KEYS.head, head);
    overlay.write(LOG_KEYS.checkpoint, new RawText(checkpoint));
    overlay.write(LOG_KEYS.signedCheckpoint(tree.size), new RawText(checkpoint));
    const resident = new Map(start.resident);
    for (const [key, value] of overlay.residentWrites()) resident.set(key, value);
    return { overlay, log: { head, checkpoint, tree, resident }, outcomes };
  }
}
