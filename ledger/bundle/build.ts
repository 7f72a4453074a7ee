import type { AuditBundle } from '../../schemas/bundle.js';
import type { Entry } from '../../schemas/entry.js';
import type { BatchView } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { proofsOf, type ProofSet } from '../merkle/proof-set.js';

/** The `format` of SPEC 7 bundles this code writes and reads. */
export const BUNDLE_FORMAT = 'tally-bundle/v1';

/** The genesis entry: every bundle holds it, since it fixes the trust roots. */
const GENESIS_SEQ = 0;

/** What a bundle's frame is made of; the accessor reads the log as of `checkpoint`. */
export interface FrameParts {
  origin: string;
  /** Verifier key string of the log key. */
  logKey: string;
  /** The signed checkpoint every proof leads to, and its size. */
  checkpoint: { text: string; size: number };
  /** The batch as the log's state says it is at `checkpoint`: the claim the bundle backs. */
  batch: BatchView;
  /** Seqs of every entry touching the batch or an ancestor (SPEC 7 "lineage"). */
  lineage: readonly number[];
  /** Seqs of the participant entries the lineage needs (see participantEntrySeqs). */
  participantEntries: readonly number[];
  /** RFC 9162 inclusion proofs of entries `seqs` in the tree of `size` entries, in the order asked. */
  inclusionProofs(seqs: readonly number[], size: number): Promise<ProofSet>;
}

/** What a bundle is made of; the accessors read the log as of `checkpoint`. */
export interface BundleParts extends FrameParts {
  /** Entries `seqs`, in the order asked (one batch: a bundle may hold thousands). */
  entries(seqs: readonly number[]): Promise<Entry[]>;
}

/**
 * A bundle without its entries: every field before `entries`, in order, and the seq and proof of
 * each entry it holds, ascending. What the served JSON is written from (serialize.ts), with each
 * entry's stored leaf text, so that thousands of parsed entries need not be kept alive for it.
 */
export interface BundleFrame {
  head: Omit<AuditBundle, 'entries'>;
  seqs: number[];
  /** The proof of each of `seqs`, in its order. */
  proofs: ProofSet;
}

/**
 * The seqs of a bundle: genesis, the participant entries and the lineage, deduplicated and in
 * seq order.
 * @throws TallyError `invalid_range` for a seq outside the checkpoint's tree.
 */
function bundleSeqs(parts: FrameParts): number[] {
  const { size } = parts.checkpoint;
  const seqs = [...new Set([GENESIS_SEQ, ...parts.participantEntries, ...parts.lineage])].sort((a, b) => a - b);
  const outside = seqs.find((seq) => !Number.isSafeInteger(seq) || seq < 0 || seq >= size);
  if (outside !== undefined) throw new TallyError('invalid_range', `entry ${outside} is not in the checkpoint's tree of size ${size}`);
  return seqs;
}

function frameHead(parts: FrameParts): BundleFrame['head'] {
  return { format: BUNDLE_FORMAT, origin: parts.origin, logKey: parts.logKey, checkpoint: parts.checkpoint.text, batch: parts.batch };
}

/**
 * The frame of the SPEC 7 bundle of `parts` (see BundleFrame): which entries, and their proofs.
 * Requires what buildBundle requires.
 * @throws TallyError `invalid_range` as bundleSeqs.
 */
export async function buildBundleFrame(parts: FrameParts): Promise<BundleFrame> {
  const seqs = bundleSeqs(parts);
  return { head: frameHead(parts), seqs, proofs: await parts.inclusionProofs(seqs, parts.checkpoint.size) };
}

/**
 * The audit bundle of SPEC 7: genesis, the participant entries and the lineage, deduplicated and
 * in seq order, each with its inclusion proof to the checkpoint. Pure apart from the accessors:
 * which entries to include is the caller's (the store's) knowledge, how to package them is this.
 * Requires every seq to be below `checkpoint.size`, and `batch` to be the state at that size
 * (a verifier recomputes it from the entries and refuses the bundle otherwise).
 * @throws TallyError `invalid_range` for a seq outside the checkpoint's tree; `store_corrupt` if
 *   the entry accessor returns an entry of another seq.
 * @example await buildBundle({ origin, logKey, checkpoint, batch, lineage, participantEntries, entries, inclusionProofs })
 */
export async function buildBundle(parts: BundleParts): Promise<AuditBundle> {
  const seqs = bundleSeqs(parts);
  const [found, proofSet] = await Promise.all([parts.entries(seqs), parts.inclusionProofs(seqs, parts.checkpoint.size)]);
  const proofs = proofsOf(proofSet);
  const entries = seqs.map((seq, i) => {
    const entry = found[i]!;
    if (entry.seq !== seq) throw new TallyError('store_corrupt', `entry ${seq} is stored with seq ${entry.seq}`);
    // The schema types events as the validated union; every logged entry passed that validation.
    return { seq, entry: entry as AuditBundle['entries'][number]['entry'], proof: proofs[i]! };
  });
  return { ...frameHead(parts), entries };
}
