import type { LineageEdge } from '../../../schemas/state.js';
import type { LinkValue } from '../indexes.js';
import { lastSegment, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';

/**
 * Walks the lineage index from `start`: up through `iu/` (parents) or down through `ic/`
 * (children). Returns every batch reached, `start` first, and the edges followed, each as
 * parent -> child. Cost: one prefix scan per batch reached, so O(size of the sub-graph), whatever
 * the length of the log.
 */
export async function walkLineage(
  source: StateSource,
  start: string,
  direction: 'up' | 'down',
): Promise<{ ids: string[]; edges: LineageEdge[] }> {
  const seen = new Set([start]);
  const queue = [start];
  const edges: LineageEdge[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const prefix = direction === 'up' ? stateKeys.parentsPrefix(next) : stateKeys.childrenPrefix(next);
    for await (const [key, value] of source.scan(prefix)) {
      const other = lastSegment(key);
      const { seq, type } = value as LinkValue;
      edges.push(direction === 'up' ? { from: other, to: next, seq, type } : { from: next, to: other, seq, type });
      if (!seen.has(other)) {
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return { ids: [...seen], edges };
}
