import type { LineageEdge } from '../../../schemas/state.js';
import type { LinkValue } from '../indexes.js';
import { lastSegment, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { walkAncestry } from './ancestry.js';

/**
 * Walks the lineage from `start`: up through the lineage records (ancestors) or down through the
 * `ic/` edges (descendants). Returns every batch reached, `start` first, and the edges followed,
 * each as parent -> child. Cost: O(size of the sub-graph) reads in O(depth) round trips (each
 * generation read at once), whatever the length of the log.
 * @param onGeneration called with each generation as soon as it is known (`start` alone first),
 *   in the order of `ids`.
 */
export async function walkLineage(
  source: StateSource,
  start: string,
  direction: 'up' | 'down',
  onGeneration?: (generation: string[]) => void,
): Promise<{ ids: string[]; edges: LineageEdge[] }> {
  if (direction === 'up') {
    const { ids, records } = await walkAncestry(source, start, onGeneration);
    const edges = ids.flatMap((id) => {
      const from = records.get(id)!.from;
      return from ? from.parents.map((parent): LineageEdge => ({ from: parent, to: id, seq: from.seq, type: from.type })) : [];
    });
    return { ids, edges };
  }
  const seen = new Set([start]);
  const ids = [start];
  const edges: LineageEdge[] = [];
  let generation = [start];
  while (generation.length > 0) {
    onGeneration?.(generation);
    const children = await Promise.all(generation.map((id) => collect(source.scan(stateKeys.childrenPrefix(id)))));
    const next: string[] = [];
    generation.forEach((parent, i) => {
      for (const [key, value] of children[i]!) {
        const child = lastSegment(key);
        const { seq, type } = value as LinkValue;
        edges.push({ from: parent, to: child, seq, type });
        if (!seen.has(child)) {
          seen.add(child);
          ids.push(child);
          next.push(child);
        }
      }
    });
    generation = next;
  }
  return { ids, edges };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
