/**
 * The state key layout of docs/ARCHITECTURE.md, written in one place. Ids never contain `/`
 * (SPEC 1), so `<prefix>/<id>/` scans exactly the keys of one id. Seqs are 16 zero-padded hex
 * digits so that key order is log order.
 */

/** `seq` as 16 lowercase hex digits. Requires a non-negative safe integer. */
export function seq16(seq: number): string {
  return seq.toString(16).padStart(16, '0');
}

/** Inverse of {@link seq16} for the last segment of an index key. */
export function seqFromKey(key: string): number {
  return parseInt(key.slice(key.lastIndexOf('/') + 1), 16);
}

/** The id in the last segment of a key such as `ic/<parent>/<child>`. */
export function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Marks totals over every material in aggregate keys; never a material (those start with a letter). */
export const ALL_MATERIALS = '_all';

export const stateKeys = {
  /** `{ origin, homeCountry, logKey }` from genesis. */
  ledgerMeta: 'meta/ledger',
  /** Materials the registrar added to the default vocabulary (sorted list of words). */
  materials: 'meta/materials',
  participant: (id: string) => `p/${id}`,
  batch: (id: string) => `b/${id}`,

  /** Entry `seq` touches batch `id`; value: event type. */
  batchEntry: (id: string, seq: number) => `ib/${id}/${seq16(seq)}`,
  batchEntriesPrefix: (id: string) => `ib/${id}/`,
  /** Lineage edge parent -> child; value `{ seq, type }`. */
  child: (parent: string, child: string) => `ic/${parent}/${child}`,
  childrenPrefix: (parent: string) => `ic/${parent}/`,
  /** Lineage edge child -> parent; value `{ seq, type }`. */
  parent: (child: string, parent: string) => `iu/${child}/${parent}`,
  parentsPrefix: (child: string) => `iu/${child}/`,
  /** Entry `seq` was signed by, or names, participant `id`; value: event type. */
  participantEntry: (id: string, seq: number) => `ip/${id}/${seq16(seq)}`,
  participantEntriesPrefix: (id: string) => `ip/${id}/`,
  /** Participant `id` holds, has held or has in transit to it batch `batch`; value: true. */
  holding: (id: string, batch: string) => `ih/${id}/${batch}`,
  holdingsPrefix: (id: string) => `ih/${id}/`,
  /** Lineage record of a batch (lineage-index.ts): where it came from, its own recent entries. */
  lineage: (id: string) => `il/${id}`,
  /** A full page of a batch's own entry seqs, keyed by the first. */
  lineagePage: (id: string, firstSeq: number) => `ilp/${id}/${seq16(firstSeq)}`,
  lineagePagesPrefix: (id: string) => `ilp/${id}/`,
  /** Participant `participant` may see batch `batch` (visibility-index.ts). */
  visibility: (participant: string, batch: string) => `iv/${participant}/${batch}`,
  /** The `iv/` grants the transfer at `seq` made to its recipient. */
  transferGrants: (seq: number) => `ivt/${seq16(seq)}`,
  /** Entry `seq` is a participant entry about participant `id` (writes its record). */
  participantRecordEntry: (id: string, seq: number) => `ik/${id}/${seq16(seq)}`,
  participantRecordEntriesPrefix: (id: string) => `ik/${id}/`,
  /** What entry `seq` touches: `{ type, actor, batches }`, for per-entry visibility. */
  entrySummary: (seq: number) => `ie/${seq16(seq)}`,

  /** Conservation counters per material (see aggregates.ts). */
  massTotals: (material: string) => `agg/mass/${material}`,
  /** Retention counters of one UTC day; `material` may be {@link ALL_MATERIALS}. */
  retentionDay: (material: string, day: string) => `agg/ret/${material}/day/${day}`,
  retentionDaysPrefix: (material: string) => `agg/ret/${material}/day/`,
  /** Retention counters over all time; `material` may be {@link ALL_MATERIALS}. */
  retentionTotal: (material: string) => `agg/ret/${material}/total`,
  /** What participant `id` received, by origin country; `material` may be {@link ALL_MATERIALS}. */
  concentration: (id: string, material: string) => `agg/conc/${id}/${material}`,
  /** What participants of the home country received, by origin country; `material` may be {@link ALL_MATERIALS}. */
  dependency: (material: string) => `agg/dep/${material}`,
  dependencyPrefix: 'agg/dep/',
} as const;
