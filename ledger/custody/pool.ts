import type { BatchTransformEvent } from '../../schemas/events.js';
import { OTHER_MATERIAL } from '../../schemas/materials.js';
import type { Part } from '../../schemas/primitives.js';
import { TallyError } from '../errors.js';
import { normalize, partsOf, scale, subtract, totalG, type Composition } from './composition.js';
import type { Constituent } from './constituents.js';

/**
 * Serving a transform's outputs from its pool (SPEC 4 and 4.1). Outputs are served in listed
 * order. Without allocation, each constituent `c` of an output, in listed order, takes
 * `scale(R_c, c.massG)` of the pool's remaining parts of its material: largest remainder within
 * the constituent, so the output's cobalt has the origins of the pool's cobalt. With allocation
 * (mass balance) an output takes exactly the parts listed. Only `other` may be created, where the
 * pool holds too little of it, as `{ other, primary, <site country> }` or, for an allocation
 * part, as the part says.
 */

export interface OutputPlan {
  output: BatchTransformEvent['outputs'][number];
  /** Checked constituents (without allocation). */
  constituents: Constituent[];
  /** Allocation parts with the material filled in (absent: the output's own, as in 1.0). */
  allocation?: Part[];
}

export interface Served {
  /** The composition of each output, in the order of the plans. */
  compositions: Composition[];
  /** Every part the outputs took from the pool (not what they created). */
  fromPool: Composition;
  /** Grams of `other` created. */
  createdOtherG: number;
}

/**
 * Requires the plans checked (constituents distinct and summing, materials known, all or none
 * allocating) and the sum-of-outputs rule checked.
 * @throws TallyError `constituent_exceeds_pool` (path: the constituent, or the output's material
 *   when it has no constituents), `allocation_mismatch`, `over_allocation` (path: the part)
 */
export function serveOutputs(plans: readonly OutputPlan[], pool: Composition, siteCountry: string): Served {
  let remaining = pool;
  const fromPool: Part[] = [];
  let createdOtherG = 0;
  const compositions = plans.map((plan, index) => {
    const path = ['event', 'outputs', index];
    const parts: Part[] = [];
    const take = (taken: Composition) => {
      remaining = subtract(remaining, taken);
      fromPool.push(...taken);
      parts.push(...taken);
    };
    const create = (part: Part) => {
      createdOtherG += part.massG;
      parts.push(part);
    };
    if (plan.allocation === undefined) {
      plan.constituents.forEach((constituent, at) => {
        const available = partsOf(remaining, constituent.material);
        const haveG = totalG(available);
        if (constituent.material === OTHER_MATERIAL && haveG < constituent.massG) {
          take(available);
          create({ material: OTHER_MATERIAL, kind: 'primary', country: siteCountry, massG: constituent.massG - haveG });
        } else if (haveG < constituent.massG) {
          const where = plan.output.constituents === undefined ? [...path, 'material'] : [...path, 'constituents', at];
          throw new TallyError(
            'constituent_exceeds_pool',
            `${plan.output.id} needs ${constituent.massG} g of ${constituent.material}; the pool has ${haveG} g left`,
            where,
          );
        } else {
          take(scale(available, constituent.massG));
        }
      });
      return normalize(parts);
    }
    serveAllocation(plan, plan.allocation, [...path, 'allocation'], () => remaining, take, create);
    return normalize(parts);
  });
  return { compositions, fromPool: normalize(fromPool), createdOtherG };
}

function serveAllocation(
  plan: OutputPlan,
  allocation: readonly Part[],
  path: Array<string | number>,
  remaining: () => Composition,
  take: (parts: Composition) => void,
  create: (part: Part) => void,
): void {
  const allocatedG = allocation.reduce((sum, part) => sum + BigInt(part.massG), 0n);
  if (allocatedG !== BigInt(plan.output.massG)) {
    throw new TallyError('allocation_mismatch', `allocation of ${plan.output.id} sums to ${allocatedG} g, not ${plan.output.massG} g`, path);
  }
  const wanted = normalize(allocation);
  const have = (part: Part) => remaining().find((p) => p.material === part.material && p.kind === part.kind && p.country === part.country)?.massG ?? 0;
  const short = wanted.find((part) => part.material !== OTHER_MATERIAL && have(part) < part.massG);
  if (short) {
    const at = allocation.findIndex((part) => part.material === short.material && part.kind === short.kind && part.country === short.country);
    throw new TallyError(
      'over_allocation',
      `${plan.output.id} allocates ${short.massG} g of ${short.material} ${short.kind} ${short.country}, more than remains in the pool`,
      [...path, at],
    );
  }
  const fromPool: Part[] = [];
  for (const part of wanted) {
    const takeG = Math.min(part.massG, have(part));
    if (takeG > 0) fromPool.push({ ...part, massG: takeG });
    if (takeG < part.massG) create({ ...part, massG: part.massG - takeG });
  }
  take(normalize(fromPool));
}
