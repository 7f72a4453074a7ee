import { cutoffsOf, type AncestryWalk, type LineageRecord } from '../lineage-index.js';
import { seqFromKey, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';

const NO_RECORD: LineageRecord = { tail: [], pages: 0 };

/**
 * The ancestry of `start` from the lineage records: every ancestor once, a generation per
 * round trip (getMany), with each one's cut-off. Cost: O(ancestors) reads in O(depth) round trips.
 * @param onGeneration called with each generation as soon as it is known (the start alone first),
 *   in the order of `ids`, so a caller can read what it needs of them while the walk goes on.
 */
export async function walkAncestry(source: StateSource, start: string, onGeneration?: (generation: string[]) => void): Promise<AncestryWalk> {
  const records = new Map<string, LineageRecord>();
  const ids: string[] = [];
  const seen = new Set([start]);
  let generation = [start];
  while (generation.length > 0) {
    onGeneration?.(generation);
    const values = (await source.getMany(generation.map((id) => stateKeys.lineage(id)))) as Array<LineageRecord | undefined>;
    const next: string[] = [];
    generation.forEach((id, i) => {
      const record = values[i] ?? NO_RECORD;
      ids.push(id);
      records.set(id, record);
      for (const parent of record.from?.parents ?? []) {
        if (!seen.has(parent)) {
          seen.add(parent);
          next.push(parent);
        }
      }
    });
    generation = next;
  }
  return { ids, records, cutoff: cutoffsOf(start, ids, records) };
}

/**
 * Seqs of the entries in batch `id`'s lineage, ascending: its own entries, and each ancestor's
 * entries up to the point where material of this lineage last left it (lineage-index.ts). What a
 * verifier needs to recompute the batch, and nothing an ancestor's custodian did afterwards.
 * Cost: O(answer) reads in O(depth) round trips, plus one page scan per ancestor that has more
 * than a page of own entries before its cut-off; independent of the log and of later entries.
 */
export async function lineageSeqs(source: StateSource, id: string): Promise<number[]> {
  const { ids, records, cutoff } = await walkAncestry(source, id);
  const seqs = new Set<number>();
  const paged: Array<[string, number]> = [];
  for (const batch of ids) {
    const record = records.get(batch)!;
    const upTo = cutoff.get(batch)!;
    for (const seq of record.tail) if (seq <= upTo) seqs.add(seq);
    if (record.pages > 0) paged.push([batch, upTo]);
  }
  await Promise.all(
    paged.map(async ([batch, upTo]) => {
      for await (const [key, page] of source.scan(stateKeys.lineagePagesPrefix(batch))) {
        if (seqFromKey(key) > upTo) break;
        for (const seq of page as number[]) if (seq <= upTo) seqs.add(seq);
      }
    }),
  );
  return [...seqs].sort((a, b) => a - b);
}
