import { TallyError } from '../errors.js';
import { requireMaterial } from './materials.js';
import type { StateTx } from './state-tx.js';

/**
 * `constituents` of a registration or a transform output (SPEC 4.1): distinct materials of the
 * vocabulary summing to the batch's `massG`. Without them a batch is one constituent, its own
 * material. `path` points at the batch or output object in the envelope.
 */

export interface Constituent {
  material: string;
  massG: number;
}

/**
 * The constituents of a batch of `material` and `massG`, checked.
 * @throws TallyError `unknown_material`, `duplicate_constituent` (path: the repeat),
 *   `constituents_not_summing` (path: the list)
 */
export function checkedConstituents(
  tx: StateTx,
  batch: { material: string; massG: number; constituents?: Constituent[] | undefined },
  path: Array<string | number>,
): Constituent[] {
  requireMaterial(tx, batch.material, [...path, 'material']);
  if (batch.constituents === undefined) return [{ material: batch.material, massG: batch.massG }];
  const seen = new Set<string>();
  let sum = 0;
  batch.constituents.forEach((constituent, index) => {
    requireMaterial(tx, constituent.material, [...path, 'constituents', index, 'material']);
    if (seen.has(constituent.material)) {
      throw new TallyError('duplicate_constituent', `constituent ${constituent.material} appears twice`, [...path, 'constituents', index, 'material']);
    }
    seen.add(constituent.material);
    sum += constituent.massG; // at most 256 masses of at most 10^12 g: a safe integer
  });
  if (sum !== batch.massG) {
    throw new TallyError('constituents_not_summing', `constituents sum to ${sum} g, the batch is ${batch.massG} g`, [...path, 'constituents']);
  }
  return batch.constituents;
}
