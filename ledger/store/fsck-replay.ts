import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { toHex } from '../encoding/bytes.js';
import { nobleHashes, type LogHashes } from '../crypto/hash.js';
import type { VerifyFn } from '../crypto/signature.js';
import { applyEntry, type ApplyOptions } from '../custody/apply.js';
import { keysTouched } from '../custody/touched-keys.js';
import { sealEntries } from '../log/event-signing.js';
import type { SubtreeHash } from '../merkle/compact.js';
import type { KvBackend } from './backend.js';
import { envelopeDigestOf, type EventIdRecord } from './append-pipeline.js';
import { LOG_KEYS } from './log-layout.js';
import { BatchOverlay } from './overlay.js';
import { prefetchVisibility } from './visibility-prefetch.js';

/** One stored entry as the log scan read it: parsed, with its leaf hash and the subtrees it closes. */
export interface ScannedEntry {
  entry: Entry;
  hash: Uint8Array;
  subtrees: readonly SubtreeHash[];
}

/** An entry the custody rules refuse (or that repeats an event id), with the rule's code. */
export class RefusedEntry extends Error {
  constructor(
    readonly entry: Entry,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The event-id record's key of an entry, none when its event has no string id (the rules refuse it). */
function eventIdKeyOf(entry: Entry): string[] {
  const id = (entry.event as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? [LOG_KEYS.eventId(id)] : [];
}

/**
 * Signature checks started ahead of the rules, off the applying thread (the SDK's
 * SignaturesAhead has this shape): `queuePage` hands over a page before it is applied, `pending`
 * says what to wait for before an entry, `verify` judges each signature the rules ask about.
 */
export interface SignaturesAheadOf {
  queuePage(page: readonly Entry[]): void;
  pending(entry: Entry): Promise<void> | undefined;
  readonly verify: VerifyFn;
}

/**
 * The replay half of `tally fsck`, out of core: applies the log's entries a page at a time through
 * the custody rules, exactly as the append pipeline does (the same overlay, prefetches and
 * records), into a scratch store that starts empty. Only the resident keys (aggregates, meta,
 * participants: bounded by the vocabulary and the membership, not by the log) stay in memory, so
 * a log of any length replays in the memory of one page; the scratch store ends holding every key
 * the replay derives (state, indexes, subtree hashes, event-id records), in key order on disk, for
 * the comparison.
 */
export class ScratchReplay {
  private readonly resident = new Map<string, unknown>();
  private applied = 0;
  // The page being filled, and the page before it, whose signatures are checked ahead while the
  // page before that one is applied.
  private filling: ScannedEntry[] = [];
  private queued: ScannedEntry[] = [];

  /**
   * @param scratch an empty store, which ends holding every key the replay derives
   * @param pageSize entries per page: one prefetch, one scratch write, one batch of signatures ahead
   */
  constructor(
    private readonly scratch: KvBackend,
    private readonly verify: VerifyFn,
    private readonly pageSize: number,
    private readonly apply: ApplyOptions = {},
    private readonly ahead?: SignaturesAheadOf,
    private readonly hashes: LogHashes = nobleHashes,
  ) {}

  /** Entries applied so far. */
  get size(): number {
    return this.applied;
  }

  /**
   * Takes the next entry of the log; when that fills a page, returns the promise of applying the
   * page before it (await it before the next entry).
   * @throws RefusedEntry (through the promise) for the first entry the rules refuse
   */
  add(scanned: ScannedEntry): Promise<void> | undefined {
    this.filling.push(scanned);
    return this.filling.length === this.pageSize ? this.turnPage() : undefined;
  }

  /** Applies every entry taken and not yet applied. @throws RefusedEntry as {@link add} */
  async flush(): Promise<void> {
    await this.turnPage();
    await this.applyQueued();
  }

  private async turnPage(): Promise<void> {
    const next = this.filling;
    this.filling = [];
    const entries = next.map(({ entry }) => entry);
    sealEntries(entries);
    this.ahead?.queuePage(entries);
    await this.applyQueued();
    this.queued = next;
  }

  private async applyQueued(): Promise<void> {
    const page = this.queued;
    this.queued = [];
    if (page.length > 0) await this.applyPage(page);
  }

  /**
   * Applies `page` (the entries after those applied so far, in order) and writes what it derives
   * to the scratch store.
   * @throws RefusedEntry for the first entry the rules refuse; nothing of its page is written
   */
  private async applyPage(page: readonly ScannedEntry[]): Promise<void> {
    const verify = this.ahead?.verify ?? this.verify;
    const overlay = new BatchOverlay(this.resident);
    await overlay.prefetch(this.scratch, page.flatMap(({ entry }) => [...keysTouched(entry.event), ...eventIdKeyOf(entry)]));
    for (const { entry, hash, subtrees } of page) {
      const tx = overlay.begin();
      try {
        // A stored entry need not be shaped like one: whatever it lacks, the rules refuse it.
        const idKey = LOG_KEYS.eventId(entry.event.id);
        if (tx.get(idKey) !== undefined) throw new TallyError('event_conflict', `entry ${entry.seq} repeats event id ${entry.event.id}`);
        await prefetchVisibility(overlay, this.scratch, entry.event, entry.seq);
        await this.ahead?.pending(entry);
        applyEntry(entry, tx, verify, this.apply);
        for (const node of subtrees) tx.putRaw(LOG_KEYS.subtree(node.level, node.index), toHex(node.hash));
        const record: EventIdRecord = { seq: entry.seq, hash: toHex(hash), envelopeDigest: envelopeDigestOf(entry, this.hashes) };
        tx.put(idKey, record);
      } catch (err) {
        throw new RefusedEntry(entry, (err as TallyError).code ?? 'error', (err as Error).message);
      }
      tx.commit();
    }
    this.applied += page.length;
    await this.scratch.write(overlay.writes());
    for (const [key, value] of overlay.residentWrites()) this.resident.set(key, value);
  }
}
