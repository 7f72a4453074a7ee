import type { AuditBundle } from '../../schemas/bundle.js';
import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { buildBundle } from '../bundle/build.js';
import { bundleJson } from '../bundle/serialize.js';
import { participantEntrySeqs } from '../bundle/participants.js';
import { seqFromKey, stateKeys } from '../custody/keys.js';
import { getBatchView, lineageSeqs, toBatchView } from '../custody/queries/index.js';
import { readBatchState } from '../custody/queries/batch.js';
import type { BatchState } from '../../schemas/state.js';
import { replayBundleEntries } from '../bundle/lineage-replay.js';
import type { VerifyFn } from '../crypto/signature.js';
import type { SubgroupCheck } from '../crypto/keys.js';
import { MemoryStateSource } from '../custody/state-tx.js';
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
 * text each was parsed from, so the bundle can be served without serialising them again. An
 * absent entry means the store is damaged. Lives for one bundle: entries never change, but
 * nothing outlives it.
 */
interface EntryReader {
  read(seqs: readonly number[]): Promise<Entry[]>;
  /** The stored leaf text of an entry `read` returned. */
  leafText(seq: number): string;
}

function entryReader(ledger: Ledger): EntryReader {
  const read = new Map<number, { entry: Entry; text: string }>();
  return {
    async read(seqs) {
      const missing = [...new Set(seqs.filter((seq) => !read.has(seq)))];
      const texts = await ledger.entryTextsAt(missing);
      missing.forEach((seq, i) => {
        const text = texts[i];
        if (text === undefined) throw new TallyError('store_corrupt', `entry ${seq} is indexed but not in the log`);
        read.set(seq, { entry: JSON.parse(text) as Entry, text });
      });
      return seqs.map((seq) => read.get(seq)!.entry);
    },
    leafText(seq) {
      const known = read.get(seq);
      if (known === undefined) throw new Error(`entry ${seq} was not read for this bundle`);
      return known.text;
    },
  };
}

/**
 * Inclusion proofs in the tree of `size`, those of `ahead` (the lineage) started at once, so that
 * reading their subtree hashes overlaps with reading and parsing the entries; the few asked for
 * later (genesis, participant entries) are read when asked. Lives for one bundle.
 * Requires every seq of `ahead` to be below `size`.
 */
function proofReader(ledger: Ledger, ahead: readonly number[], size: number): (seqs: readonly number[], size: number) => Promise<string[][]> {
  const early = ledger.inclusionProofs(ahead, size);
  // Awaited when the bundle asks; if the bundle fails before, nothing is left waiting on it.
  early.catch(() => {});
  return async (seqs, asked) => {
    if (asked !== size) return ledger.inclusionProofs(seqs, asked);
    const proofs = await early;
    const known = new Map(ahead.map((seq, i) => [seq, proofs[i]!]));
    const rest = seqs.filter((seq) => !known.has(seq));
    const late = await ledger.inclusionProofs(rest, size);
    rest.forEach((seq, i) => known.set(seq, late[i]!));
    return seqs.map((seq) => known.get(seq)!);
  };
}

/** The participant entries a bundle of `lineage` needs, below tree size `size` (SPEC 7). */
async function participantEntriesOf(ledger: Ledger, lineage: readonly number[], entries: EntryReader, size: number): Promise<number[]> {
  return participantEntrySeqs(await entries.read(lineage), { participantEntrySeqs: (participant) => participantEntryIndex(ledger, participant), entries: entries.read }, size);
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
  return (await assembleLatest(ledger, id, cosigned))?.bundle;
}

/**
 * {@link assembleBundle} as the JSON text a response carries (see bundleJson), or undefined for
 * an unknown batch.
 * @throws TallyError as {@link assembleBundle}.
 */
export async function assembleBundleJson(ledger: Ledger, id: string, cosigned?: () => string): Promise<string | undefined> {
  const assembled = await assembleLatest(ledger, id, cosigned);
  return assembled && bundleJson(assembled.bundle, assembled.leafText);
}

/** A bundle with the stored leaf text of each of its entries. */
interface Assembled {
  bundle: AuditBundle;
  leafText: (seq: number) => string;
}

async function assembleLatest(ledger: Ledger, id: string, cosigned: (() => string) | undefined): Promise<Assembled | undefined> {
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

    const entries = entryReader(ledger);
    const inclusionProofs = proofReader(ledger, lineage, checkpoint.size);
    const participantEntries = await participantEntriesOf(ledger, lineage, entries, checkpoint.size);
    const bundle = await buildBundle({
      origin: ledger.info.origin,
      logKey: ledger.info.logKey,
      checkpoint,
      batch,
      lineage,
      participantEntries,
      entries: entries.read,
      inclusionProofs,
    });
    return { bundle, leafText: entries.leafText };
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
 * batch as of `size` is recomputed by replaying those entries with the custody rules, exactly as
 * a verifier will. Undefined for an unknown batch.
 * Cost: as {@link assembleBundle}, plus one replay of the bundle's entries (its registered keys
 * checked with `subgroupCheck`, noble's when not given).
 * @throws TallyError `checkpoint_not_signed` for a size the log signed no checkpoint of;
 *   `batch_not_at_size` when the batch was created at or after `size`.
 */
export async function assembleBundleAt(ledger: Ledger, id: string, size: number, verify: VerifyFn, subgroupCheck?: SubgroupCheck): Promise<AuditBundle | undefined> {
  return (await assembleAtSize(ledger, id, size, verify, subgroupCheck))?.bundle;
}

/**
 * {@link assembleBundleAt} as the JSON text a response carries (see bundleJson), or undefined
 * for an unknown batch.
 * @throws TallyError as {@link assembleBundleAt}.
 */
export async function assembleBundleAtJson(ledger: Ledger, id: string, size: number, verify: VerifyFn, subgroupCheck?: SubgroupCheck): Promise<string | undefined> {
  const assembled = await assembleAtSize(ledger, id, size, verify, subgroupCheck);
  return assembled && bundleJson(assembled.bundle, assembled.leafText);
}

async function assembleAtSize(ledger: Ledger, id: string, size: number, verify: VerifyFn, subgroupCheck: SubgroupCheck | undefined): Promise<Assembled | undefined> {
  const text = await ledger.checkpointAt(size);
  if (text === undefined) throw new TallyError('checkpoint_not_signed', `the log signed no checkpoint of size ${size} that it keeps`);
  const current = await readBatchState(ledger.state, id);
  if (current === undefined) return undefined;
  if (current.createdSeq >= size) throw new TallyError('batch_not_at_size', `batch ${id} was created at entry ${current.createdSeq}, after tree size ${size}`);
  const lineage = (await lineageSeqs(ledger.state, id)).filter((seq) => seq < size);
  const entries = entryReader(ledger);
  const inclusionProofs = proofReader(ledger, lineage, size);
  const participantEntries = await participantEntriesOf(ledger, lineage, entries, size);
  const seqs = [...new Set([0, ...participantEntries, ...lineage])].sort((a, b) => a - b);
  const state = replayBundleEntries((await entries.read(seqs)).map((entry) => ({ entry })), id, verify, subgroupCheck);
  const replayed = (await new MemoryStateSource(state).get(stateKeys.batch(id))) as BatchState | undefined;
  if (replayed === undefined) throw new TallyError('store_corrupt', `the lineage of batch ${id} below size ${size} does not create it`);
  const bundle = await buildBundle({
    origin: ledger.info.origin,
    logKey: ledger.info.logKey,
    checkpoint: { text, size },
    batch: toBatchView(replayed),
    lineage,
    participantEntries,
    entries: entries.read,
    inclusionProofs,
  });
  return { bundle, leafText: entries.leafText };
}
