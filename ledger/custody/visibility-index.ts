import { cutoffsOf, EVERY_ENTRY, type LineageRecord } from './lineage-index.js';
import { stateKeys } from './keys.js';
import type { StateTx } from './state-tx.js';

/**
 * Who may see which batch, materialised (SPEC 6 and 3.2; docs/ARCHITECTURE.md). A participant sees
 * every batch it holds, held or has in transit to it, and the upstream lineage of those batches,
 * i.e. each ancestor's entries up to the lineage's cut-off for that ancestor. A transfer that is
 * recalled or rejected gives its recipient nothing, so what a transfer grants is kept apart until
 * the recipient receives the batch, and withdrawn if it never does.
 */

/** What `iv/<participant>/<batch>` holds. */
export interface VisibilityGrant {
  /** For good: entries of the batch with seq <= upTo are visible ({@link EVERY_ENTRY} for a batch held). */
  upTo?: number;
  /** Granted by transfers still in transit to the participant: `[transfer seq, upTo]`. */
  via: Array<[number, number]>;
}

/** What `ivt/<seq16>` holds: the grants the transfer at that seq made, `[batch, upTo]`. */
export interface TransferGrants {
  participant: string;
  grants: Array<[string, number]>;
}

/** Whether a grant lets its participant see the batch at all. */
export function grantsBatch(grant: VisibilityGrant | undefined): boolean {
  return grant !== undefined && (grant.upTo !== undefined || grant.via.length > 0);
}

/** Whether a grant lets its participant see the batch's entry `seq`. */
export function grantsEntry(grant: VisibilityGrant | undefined, seq: number): boolean {
  if (grant === undefined) return false;
  return (grant.upTo !== undefined && seq <= grant.upTo) || grant.via.some(([, upTo]) => seq <= upTo);
}

function readGrant(read: (key: string) => unknown, participant: string, batch: string): VisibilityGrant | undefined {
  return read(stateKeys.visibility(participant, batch)) as VisibilityGrant | undefined;
}

/** A batch the participant made, registered or split off its own: it sees all of it, for good. */
export function grantOwn(tx: StateTx, participant: string, batch: string): void {
  const grant: VisibilityGrant = { upTo: EVERY_ENTRY, via: [] };
  tx.put(stateKeys.visibility(participant, batch), grant);
}

/** The ancestry a transfer grant covers, as {@link grantWalk} found it. */
export interface GrantWalk {
  ids: string[];
  records: Map<string, LineageRecord>;
  grants: Map<string, VisibilityGrant | undefined>;
}

/** The keys {@link grantWalk} reads for a generation of batches, which a store prefetches. */
export function grantWalkKeys(participant: string, generation: readonly string[]): string[] {
  return generation.flatMap((id) => [stateKeys.lineage(id), stateKeys.visibility(participant, id)]);
}

/**
 * Walks up from `start` (the batch going to `participant`), one generation at a time, yielding
 * each generation's batches before reading their keys ({@link grantWalkKeys}) with `read`: a
 * store prefetches those keys, an in-memory transaction has them (and makes no key it would not
 * read: the custody rules run this walk for every transfer). Stops at batches the participant
 * already sees for good, since it then sees their ancestors for good too (grants for good are
 * closed upwards, each with the path-independent cut-off). `startFrom` gives the start's origin when its record is being
 * written by the same entry (a split being sent).
 * Cost: one read of `il/` and `iv/` per batch reached.
 */
export function* grantWalk(
  read: (key: string) => unknown,
  participant: string,
  start: string,
  startFrom?: LineageRecord['from'],
): Generator<string[], GrantWalk, void> {
  const walk: GrantWalk = { ids: [], records: new Map(), grants: new Map() };
  const seen = new Set([start]);
  let generation = [start];
  while (generation.length > 0) {
    yield generation;
    const next: string[] = [];
    for (const id of generation) {
      const stored = read(stateKeys.lineage(id)) as LineageRecord | undefined;
      const record: LineageRecord = id === start && startFrom ? { from: startFrom, tail: [], pages: 0 } : (stored ?? { tail: [], pages: 0 });
      const grant = readGrant(read, participant, id);
      walk.ids.push(id);
      walk.records.set(id, record);
      walk.grants.set(id, grant);
      if (grant?.upTo !== undefined) continue;
      for (const parent of record.from?.parents ?? []) {
        if (!seen.has(parent)) {
          seen.add(parent);
          next.push(parent);
        }
      }
    }
    generation = next;
  }
  return walk;
}

/** Runs a walk whose keys are all readable now (a transaction of the custody rules). */
export function runWalk<T>(walk: Generator<string[], T, void>): T {
  for (;;) {
    const step = walk.next();
    if (step.done) return step.value;
  }
}

/**
 * The transfer at `seq` sends `batch` (with origin `startFrom` if the transfer splits it off) to
 * `participant`: grants it the batch and its lineage until the transit ends, and records which.
 */
export function grantTransfer(tx: StateTx, seq: number, participant: string, batch: string, startFrom?: LineageRecord['from']): void {
  const walk = runWalk(grantWalk((key) => tx.get(key), participant, batch, startFrom));
  const cutoff = cutoffsOf(batch, walk.ids, walk.records);
  const grants: TransferGrants['grants'] = [];
  for (const id of walk.ids) {
    const upTo = cutoff.get(id)!;
    const grant = walk.grants.get(id);
    if ((grant?.upTo ?? -1) >= upTo) continue;
    tx.put(stateKeys.visibility(participant, id), { ...(grant ?? {}), via: [...(grant?.via ?? []), [seq, upTo]] } satisfies VisibilityGrant);
    grants.push([id, upTo]);
  }
  if (grants.length > 0) tx.put(stateKeys.transferGrants(seq), { participant, grants } satisfies TransferGrants);
}

/**
 * The transit that began with the transfer at `transferSeq` ends: received (its grants become
 * for good) or recalled/rejected (they are withdrawn: the recipient never held the batch).
 */
export function settleTransfer(tx: StateTx, transferSeq: number, outcome: 'received' | 'withdrawn'): void {
  const recorded = tx.get(stateKeys.transferGrants(transferSeq)) as TransferGrants | undefined;
  if (recorded === undefined) return;
  for (const [batch, upTo] of recorded.grants) {
    const grant = readGrant((key) => tx.get(key), recorded.participant, batch);
    const via = (grant?.via ?? []).filter(([seq]) => seq !== transferSeq);
    const kept = outcome === 'received' ? Math.max(grant?.upTo ?? -1, upTo) : grant?.upTo;
    tx.put(stateKeys.visibility(recorded.participant, batch), { ...(kept !== undefined ? { upTo: kept } : {}), via } satisfies VisibilityGrant);
  }
}
