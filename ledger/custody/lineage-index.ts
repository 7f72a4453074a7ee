import type { StateTx } from './state-tx.js';
import { seq16, stateKeys } from './keys.js';

/**
 * The materialised lineage (docs/ARCHITECTURE.md, "Materialised lineage and visibility"). Each
 * batch stores its own entries and a pointer to the batches it was made from, with the seq it was
 * made at: that seq is where material of its lineage left each parent, so a parent's later entries
 * are not part of it. Appending rewrites one small record per touched batch; reading a lineage
 * reads each ancestor's record once.
 */

/** Own entries kept in a record before they move to an immutable page. */
export const LINEAGE_PAGE = 64;

/** The kinds of entry that make a batch from others. */
export type LinkType = 'batch.transfer' | 'batch.transform' | 'batch.export';

/** What `il/<batch>` holds. */
export interface LineageRecord {
  /** The entry that made this batch from `parents` (a split or a transform); absent for a registered batch. */
  from?: { seq: number; type: LinkType; parents: string[] };
  /** Own entries not yet paged, ascending. */
  tail: number[];
  /** Full pages of own entries under `ilp/<batch>/`, each {@link LINEAGE_PAGE} seqs. */
  pages: number;
}

export function readLineageRecord(tx: StateTx, batch: string): LineageRecord | undefined {
  return tx.get(stateKeys.lineage(batch)) as LineageRecord | undefined;
}

/**
 * Records that entry `seq` touches `batch`, and, for a batch this entry makes, where it came from.
 * Requires `il/<batch>` to be readable (keysTouched lists it for every batch an event names).
 */
export function recordLineage(tx: StateTx, batch: string, seq: number, made?: { type: LinkType; parents: string[] }): void {
  const record = readLineageRecord(tx, batch);
  let tail = [...(record?.tail ?? []), seq];
  let pages = record?.pages ?? 0;
  const from = record?.from ?? (made && made.parents.length > 0 ? { seq, type: made.type, parents: [...made.parents].sort() } : undefined);
  if (tail.length === LINEAGE_PAGE) {
    // A store freezes what it is given, so the page keeps this array and the record starts a new one.
    tx.put(stateKeys.lineagePage(batch, tail[0]!), tail);
    pages += 1;
    tail = [];
  }
  const next: LineageRecord = { ...(from ? { from } : {}), tail, pages };
  tx.put(stateKeys.lineage(batch), next);
}

/** Everything a lineage walk found: each batch's record and its cut-off (own entries up to it count). */
export interface AncestryWalk {
  /** Batches reached, the start first, then by generation. */
  ids: string[];
  records: Map<string, LineageRecord>;
  /** Per batch, the last seq of its own entries that belongs to the start's lineage. */
  cutoff: Map<string, number>;
}

/** The cut-off of the start batch itself: every own entry counts. */
export const EVERY_ENTRY = Number.MAX_SAFE_INTEGER;

/**
 * Cut-offs of a walked ancestry: the start takes all; an ancestor takes up to the latest seq at
 * which a walked child was made from it. Path-independent: every edge into a child carries the
 * child's creation seq.
 */
export function cutoffsOf(start: string, ids: readonly string[], records: ReadonlyMap<string, LineageRecord>): Map<string, number> {
  const cutoff = new Map<string, number>([[start, EVERY_ENTRY]]);
  for (const id of ids) {
    const from = records.get(id)?.from;
    if (!from) continue;
    for (const parent of from.parents) cutoff.set(parent, Math.max(cutoff.get(parent) ?? -1, from.seq));
  }
  return cutoff;
}
