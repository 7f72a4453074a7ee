import type { BatchState } from '../../schemas/state.js';
import { scale, subtract } from './composition.js';

/**
 * Derivations of batch states shared by several event types. Pure: they return new states and
 * leave writing to the rules.
 */

/**
 * Splits `massG` grams off `parent` into a new batch `id` (SPEC 4: the child takes
 * `scale(C, massG)`, the parent keeps the rest). The child inherits everything but mass and
 * composition: same material, custodian, site, custody history and flags.
 * Requires 0 < massG < parent.massG (checked by requireSplittable) and `id` new.
 */
export function splitOff(parent: BatchState, id: string, massG: number, seq: number): { parent: BatchState; child: BatchState } {
  const taken = scale(parent.composition, massG);
  const child: BatchState = { ...parent, id, massG, composition: taken, createdSeq: seq };
  const rest: BatchState = { ...parent, massG: parent.massG - massG, composition: subtract(parent.composition, taken) };
  return { parent: rest, child };
}

/**
 * Removes `massG` grams from `batch` without a new batch (partial retire), keeping
 * `C - scale(C, massG)`. Returns the new state and the composition of what was removed.
 * Requires 0 < massG <= batch.massG.
 */
export function removeMass(batch: BatchState, massG: number): { batch: BatchState; removed: BatchState['composition'] } {
  const removed = scale(batch.composition, massG);
  return { batch: { ...batch, massG: batch.massG - massG, composition: subtract(batch.composition, removed) }, removed };
}

/** Sorted set of countries with `country` added (custodyCountries of SPEC 4). */
export function withCountries(countries: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...countries, ...added])].sort();
}

/** The state without its pending transfer (received or rejected). */
export function withoutTransit(batch: BatchState): BatchState {
  const { transit: _ended, ...rest } = batch;
  return rest;
}
