import type { BatchState, Lineage } from '../../../schemas/state.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { readBatchState } from './batch.js';
import { walkLineage } from './graph.js';
import { visibleBatches } from './visibility.js';

/**
 * The graph of batches linked to `id` upwards (ancestors) or downwards (descendants), with the
 * entries linking them; undefined for an unknown id. With `visibleTo`, only batches that
 * participant may see are kept (ancestors of a visible batch always are; descendants may not
 * be: a supplier does not learn where its buyer's products went).
 * Cost: O(size of the sub-graph) reads in O(depth) round trips, the visibility of every node
 * included (one grant read each).
 */
export async function getLineage(
  source: StateSource,
  id: string,
  direction: 'up' | 'down',
  options: { visibleTo?: string } = {},
): Promise<Lineage | undefined> {
  if (!(await readBatchState(source, id))) return undefined;
  const { ids, edges } = await walkLineage(source, id, direction);
  const visible = options.visibleTo === undefined ? ids : [...(await visibleBatches(source, options.visibleTo, ids))];
  const states = (await source.getMany(visible.map((nodeId) => stateKeys.batch(nodeId)))) as BatchState[];
  const nodes: Lineage['nodes'] = states
    .map((batch) => ({ id: batch.id, material: batch.material, form: batch.form, massG: batch.massG, status: batch.status, custodian: batch.custodian }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept = new Set(nodes.map((node) => node.id));
  const keptEdges = edges
    .filter((edge) => kept.has(edge.from) && kept.has(edge.to))
    .sort((a, b) => a.seq - b.seq || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  return { batch: id, direction, nodes, edges: keptEdges };
}
