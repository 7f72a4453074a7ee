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
 * included (one grant read each); each batch's state is read with its generation.
 */
export async function getLineage(
  source: StateSource,
  id: string,
  direction: 'up' | 'down',
  options: { visibleTo?: string } = {},
): Promise<Lineage | undefined> {
  // The walk of an unknown id reads one record and finds nothing, so both go at once. Each
  // generation's batch states are read while the walk reads the next one's links.
  const stateReads: Array<Promise<unknown[]>> = [];
  const readStates = (generation: string[]) => stateReads.push(source.getMany(generation.map((nodeId) => stateKeys.batch(nodeId))));
  const [start, { ids, edges }] = await Promise.all([readBatchState(source, id), walkLineage(source, id, direction, readStates)]);
  if (!start) {
    await Promise.allSettled(stateReads);
    return undefined;
  }
  const allStates = (await Promise.all(stateReads)).flat() as BatchState[];
  const visible = options.visibleTo === undefined ? undefined : await visibleBatches(source, options.visibleTo, ids);
  // A batch the caller may not see is read like the others but never leaves this function.
  const states = visible === undefined ? allStates : allStates.filter((_, i) => visible.has(ids[i]!));
  const nodes: Lineage['nodes'] = states
    .map((batch) => ({ id: batch.id, material: batch.material, form: batch.form, massG: batch.massG, status: batch.status, custodian: batch.custodian }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept = new Set(nodes.map((node) => node.id));
  const keptEdges = edges
    .filter((edge) => kept.has(edge.from) && kept.has(edge.to))
    .sort((a, b) => a.seq - b.seq || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0) || (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
  return { batch: id, direction, nodes, edges: keptEdges };
}
