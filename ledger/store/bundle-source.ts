import type { AuditBundle } from '../../schemas/bundle.js';
import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { buildBundle, buildBundleFrame, type FrameParts } from '../bundle/build.js';
import { bundleFrameJsonBytes } from '../bundle/serialize.js';
import { participantEntrySeqs } from '../bundle/participants.js';
import { seqFromKey, stateKeys } from '../custody/keys.js';
import { getBatchView, lineageSeqs, toBatchView } from '../custody/queries/index.js';
import { readBatchState } from '../custody/queries/batch.js';
import type { BatchState } from '../../schemas/state.js';
import { replayBundleEntries } from '../bundle/lineage-replay.js';
import { verifiedFirst } from '../bundle/signatures-first.js';
import type { VerifyFn } from '../crypto/signature.js';
import type { SubgroupCheck } from '../crypto/keys.js';
import { MemoryStateSource } from '../custody/state-tx.js';
import { pickProofs, type ProofSet } from '../merkle/proof-set.js';
import type { Ledger } from './ledger.js';

/**
 * Assembles a batch's audit bundle (SPEC 7) from a running ledger: the lineage from the custody
 * indexes (the lineage records, via the lineage query), the participant entries from `ik/`, entries and proofs from the log.
 */

/** Appends can land while a bundle is read; after this many tries we give up rather than spin. */
const MAX_ATTEMPTS = 5;

/**
 * Reads entries an index named, each once per bundle (the lineage's entries are needed to find
 * the participant entries and again in the bundle), in one batch per call, and keeps the leaf
 * text of each, so the bundle can be served without serialising them again. Every entry is
 * parsed and checked to be at its seq before its text is used; an absent entry means the store
 * is damaged. With `keepParsed` false, nothing parsed is kept: a served bundle needs only the
 * texts, and keeping ten thousand parsed entries alive until the response is written cost more
 * than parsing them (in a scratch run over the deep batch's lineage, 42.9 ms to parse and keep
 * them against 17.1 ms to parse each and drop it, both naming its participants: the kept ones
 * survive into the old generation). Lives for one bundle: entries never change, but nothing
 * outlives it.
 */
interface EntryReader {
  /** Entries `seqs`, in the order asked. */
  read(seqs: readonly number[]): Promise<Entry[]>;
  /** Entries `seqs`, parsed one at a time as the iteration reaches each (kept only with `keepParsed`). */
  each(seqs: readonly number[]): Promise<Iterable<Entry>>;
  /** Reads and parses any of `seqs` not parsed yet, so that {@link leafText} serves each of them. */
  loadTexts(seqs: readonly number[]): Promise<void>;
  /** The stored leaf text of an entry read and parsed for this bundle. */
  leafText(seq: number): string;
}

function entryReader(ledger: Ledger, keepParsed: boolean): EntryReader {
  const texts = new Map<number, string>();
  const parsed = new Map<number, Entry>();
  const checked = new Set<number>();
  const load = async (seqs: readonly number[]) => {
    const missing = [...new Set(seqs.filter((seq) => !texts.has(seq)))];
    const read = await ledger.entryTextsAt(missing);
    missing.forEach((seq, i) => {
      const text = read[i];
      if (text === undefined) throw new TallyError('store_corrupt', `entry ${seq} is indexed but not in the log`);
      texts.set(seq, text);
    });
  };
  const parse = (seq: number): Entry => {
    const known = parsed.get(seq);
    if (known !== undefined) return known;
    let entry: Entry | undefined;
    try {
      entry = JSON.parse(texts.get(seq)!) as Entry;
    } catch {
      // Served as it is, the damaged text would break the whole response's JSON.
    }
    if (entry?.seq !== seq) throw new TallyError('store_corrupt', `entry ${seq} is stored damaged or with another seq`);
    checked.add(seq);
    if (keepParsed) parsed.set(seq, entry);
    return entry;
  };
  return {
    async read(seqs) {
      await load(seqs);
      return seqs.map(parse);
    },
    async each(seqs) {
      await load(seqs);
      return (function* () {
        for (const seq of seqs) yield parse(seq);
      })();
    },
    async loadTexts(seqs) {
      await load(seqs);
      for (const seq of seqs) if (!checked.has(seq)) parse(seq);
    },
    leafText(seq) {
      if (!checked.has(seq)) throw new Error(`entry ${seq} was not read for this bundle`);
      return texts.get(seq)!;
    },
  };
}

/**
 * Inclusion proofs in the tree of `size`, those of `ahead` (the lineage) started at once, so that
 * reading their subtree hashes overlaps with reading and parsing the entries; the few asked for
 * later (genesis, participant entries) are read when asked. Lives for one bundle.
 * Requires every seq of `ahead` to be below `size`.
 */
function proofReader(ledger: Ledger, ahead: readonly number[], size: number): FrameParts['inclusionProofs'] {
  const early = ledger.inclusionProofSet(ahead, size);
  // Awaited when the bundle asks; if the bundle fails before, nothing is left waiting on it.
  early.catch(() => {});
  return async (seqs, asked) => {
    if (asked !== size) return ledger.inclusionProofSet(seqs, asked);
    const lineage = await early;
    const known = new Map<number, readonly [ProofSet, number]>(ahead.map((seq, i) => [seq, [lineage, i]]));
    const rest = seqs.filter((seq) => !known.has(seq));
    const late = await ledger.inclusionProofSet(rest, size);
    rest.forEach((seq, i) => known.set(seq, [late, i]));
    return pickProofs(seqs.map((seq) => known.get(seq)!));
  };
}

/** The participant entries a bundle of `lineage` needs, below tree size `size` (SPEC 7). */
async function participantEntriesOf(ledger: Ledger, lineage: readonly number[], entries: EntryReader, size: number): Promise<number[]> {
  return participantEntrySeqs(await entries.each(lineage), { participantEntrySeqs: (participant) => participantEntryIndex(ledger, participant), entries: entries.read }, size);
}

/**
 * The audit bundle of batch `id` at the ledger's latest checkpoint, or undefined for an unknown
 * batch. The checkpoint is taken first; the batch state is read before its lineage, so any entry
 * past the checkpoint that changed the state also shows in the lineage, and the attempt is then
 * repeated with the newer checkpoint. A bundle thus never claims a state its entries do not give.
 * Cost: O(lineage + participant entries) entry reads and the distinct subtree hashes of their
 * inclusion proofs (at most O(entries log n)), each read once, in a few large reads.
 * @param cosigned the served checkpoint with the cosignatures collected so far, when witnessed.
 * @throws TallyError `unavailable` if appends touching the lineage keep landing while reading;
 *   `store_corrupt` if an indexed entry is missing.
 */
export async function assembleBundle(ledger: Ledger, id: string, cosigned?: () => string): Promise<AuditBundle | undefined> {
  return assembleLatest(ledger, id, cosigned, true, (parts, entries) => buildBundle({ ...parts, entries: entries.read }));
}

/**
 * {@link assembleBundle} as the UTF-8 JSON a response carries (see bundleFrameJsonBytes), or
 * undefined for an unknown batch. Keeps no parsed entry past naming its participants (see entryReader).
 * @throws TallyError as {@link assembleBundle}.
 */
export async function assembleBundleJsonBytes(ledger: Ledger, id: string, cosigned?: () => string): Promise<Buffer | undefined> {
  return assembleLatest(ledger, id, cosigned, false, servedBytes);
}

/** A bundle's served bytes from its parts, its entries written as the log stores them. */
async function servedBytes(parts: FrameParts, entries: EntryReader): Promise<Buffer> {
  const frame = await buildBundleFrame(parts);
  await entries.loadTexts(frame.seqs);
  return bundleFrameJsonBytes(frame, entries.leafText);
}

/**
 * Reads what the latest bundle of `id` is made of and hands it to `finish`, which builds the
 * bundle in the form asked. The checkpoint is taken first, in the same tick as the size; the
 * batch state before its lineage (see assembleBundle for why), retrying with a newer checkpoint
 * while the lineage runs past it. Undefined for an unknown batch.
 */
async function assembleLatest<T>(
  ledger: Ledger,
  id: string,
  cosigned: (() => string) | undefined,
  keepParsed: boolean,
  finish: (parts: FrameParts, entries: EntryReader) => Promise<T>,
): Promise<T | undefined> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Both read from the same committed head in one tick, so they describe one tree. The
    // cosigned form (SPEC 5.1: a bundle carries the cosigned checkpoint) is the same note with
    // witness lines appended; it is used only while it is the note of this very checkpoint.
    const withCosignatures = cosigned?.();
    const text = withCosignatures?.startsWith(ledger.checkpoint) ? withCosignatures : ledger.checkpoint;
    const checkpoint = { text, size: ledger.size };
    const batch = await getBatchView(ledger.state, id);
    if (batch === undefined) return undefined;
    const lineage = await lineageSeqs(ledger.state, id);
    if (lineage.some((seq) => seq >= checkpoint.size)) continue;

    const entries = entryReader(ledger, keepParsed);
    const inclusionProofs = proofReader(ledger, lineage, checkpoint.size);
    const participantEntries = await participantEntriesOf(ledger, lineage, entries, checkpoint.size);
    return finish({ origin: ledger.info.origin, logKey: ledger.info.logKey, checkpoint, batch, lineage, participantEntries, inclusionProofs }, entries);
  }
  throw new TallyError('unavailable', `batch ${id} kept changing while its bundle was read; try again`);
}

/**
 * Seqs of the `participant.*` entries about participant `id` (`ik/`): O(its record's changes), not
 * O(everything it signed), so a signer that floods the log does not slow the bundles it appears in.
 */
async function participantEntryIndex(ledger: Ledger, id: string): Promise<number[]> {
  const seqs: number[] = [];
  for await (const [key] of ledger.state.scan(stateKeys.participantRecordEntriesPrefix(id))) seqs.push(seqFromKey(key));
  return seqs;
}

/**
 * The audit bundle of batch `id` proven against the checkpoint the log signed at tree size `size`
 * (SPEC 6 `bundle?size=N`, what a passport pins). The lineage as of `size` is today's lineage cut
 * at `size` (a batch's ancestors never change, so no entry below `size` joins it later); the
 * batch as of `size` is the state now when no lineage entry lies at or past `size`, and is
 * otherwise recomputed by replaying those entries with the custody rules, exactly as a verifier
 * will. Undefined for an unknown batch.
 * Cost: as {@link assembleBundle}, plus, for a batch changed since `size`, one replay of the
 * bundle's entries (its registered keys checked with `subgroupCheck`, noble's when not given).
 * @throws TallyError `checkpoint_not_signed` for a size the log signed no checkpoint of;
 *   `batch_not_at_size` when the batch was created at or after `size`.
 */
export async function assembleBundleAt(ledger: Ledger, id: string, size: number, verify: VerifyFn, subgroupCheck?: SubgroupCheck): Promise<AuditBundle | undefined> {
  return assembleAtSize(ledger, id, size, verify, subgroupCheck, true, (parts, entries) => buildBundle({ ...parts, entries: entries.read }));
}

/**
 * {@link assembleBundleAt} as the UTF-8 JSON a response carries (see bundleFrameJsonBytes), or
 * undefined for an unknown batch. Keeps no parsed entry (see entryReader).
 * @throws TallyError as {@link assembleBundleAt}.
 */
export async function assembleBundleAtJsonBytes(ledger: Ledger, id: string, size: number, verify: VerifyFn, subgroupCheck?: SubgroupCheck): Promise<Buffer | undefined> {
  return assembleAtSize(ledger, id, size, verify, subgroupCheck, false, servedBytes);
}

/**
 * Reads what the bundle of `id` pinned at `size` is made of and hands it to `finish`, which
 * builds the bundle in the form asked. Undefined for an unknown batch.
 */
async function assembleAtSize<T>(
  ledger: Ledger,
  id: string,
  size: number,
  verify: VerifyFn,
  subgroupCheck: SubgroupCheck | undefined,
  keepParsed: boolean,
  finish: (parts: FrameParts, entries: EntryReader) => Promise<T>,
): Promise<T | undefined> {
  const text = await ledger.checkpointAt(size);
  if (text === undefined) throw new TallyError('checkpoint_not_signed', `the log signed no checkpoint of size ${size} that it keeps`);
  const current = await readBatchState(ledger.state, id);
  if (current === undefined) return undefined;
  if (current.createdSeq >= size) throw new TallyError('batch_not_at_size', `batch ${id} was created at entry ${current.createdSeq}, after tree size ${size}`);
  // Read after the state, so an entry that changed the state since shows in the lineage too.
  const wholeLineage = await lineageSeqs(ledger.state, id);
  const lineage = wholeLineage.filter((seq) => seq < size);
  const entries = entryReader(ledger, keepParsed);
  const inclusionProofs = proofReader(ledger, lineage, size);
  const participantEntries = await participantEntriesOf(ledger, lineage, entries, size);
  // A batch's state follows from its lineage alone, so when no entry of the lineage lies at or
  // past `size`, the state now is the state at `size` (a passport pinned to a batch that has not
  // changed since, the usual case); only otherwise is it recomputed, as a verifier will.
  const batch = lineage.length === wholeLineage.length ? current : await replayedAt(ledger, id, size, [0, ...participantEntries, ...lineage], entries, verify, subgroupCheck);
  const checkpoint = { text, size };
  return finish({ origin: ledger.info.origin, logKey: ledger.info.logKey, checkpoint, batch: toBatchView(batch), lineage, participantEntries, inclusionProofs }, entries);
}

/**
 * Batch `id` as the custody rules give it from the entries `seqs` (genesis, the participant
 * entries and the lineage below `size`). The signatures are checked on the thread pool first
 * when the ledger has a way (the server's; see verifiedFirst), then each again as the replay
 * reaches it, against the key the rules pick.
 * @throws TallyError `store_corrupt` if those entries do not create the batch.
 */
async function replayedAt(ledger: Ledger, id: string, size: number, seqs: number[], entries: EntryReader, verify: VerifyFn, subgroupCheck: SubgroupCheck | undefined): Promise<BatchState> {
  const items = (await entries.read([...new Set(seqs)].sort((a, b) => a - b))).map((entry) => ({ entry }));
  const check = ledger.offThreadCheck;
  const replayVerify = check ? await verifiedFirst(items.map((item) => item.entry), check, verify) : verify;
  const state = replayBundleEntries(items, id, replayVerify, subgroupCheck);
  const replayed = (await new MemoryStateSource(state).get(stateKeys.batch(id))) as BatchState | undefined;
  if (replayed === undefined) throw new TallyError('store_corrupt', `the lineage of batch ${id} below size ${size} does not create it`);
  return replayed;
}
