import type { BatchTransformEvent } from '../../schemas/events.js';
import { OTHER_MATERIAL } from '../../schemas/materials.js';
import type { BatchState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { addMassTotals, addRetention, gramsByMaterial } from './aggregates.js';
import { withCountries } from './batch-ops.js';
import { homeRecycledByMaterial, normalize, scale, subtract, type Composition } from './composition.js';
import type { ApplyContext } from './context.js';
import { requireMaterial } from './materials.js';
import { serveOutputs, type OutputPlan } from './pool.js';
import { checkedConstituents } from './constituents.js';
import { requireActive, requireBatch, requireCustodian, requireNewBatchId, requireSite, writeBatch } from './state-access.js';
import { dayOf } from './time.js';

/**
 * `batch.transform` (SPEC 3.2, 4 and 4.1): the custodian of every input turns them into outputs
 * at one of its sites, where every input must be held (material moves between sites only by
 * `batch.transfer`, so a melt "at Sheffield" of a batch lying in Izmir cannot hide an export;
 * issue 9 item 7). The pool is the sum of what each input gives up; outputs are served from it in
 * listed order (pool.ts), constituent by constituent; the rest is process loss.
 */

interface ConsumedInput {
  batch: BatchState;
  massG: number;
  /** `scale(C_i, massG)`: what this input contributes to the pool. */
  taken: Composition;
}

/** Grams of an output that are not `other`, which the sum-of-outputs rule of SPEC 3.2 applies to. */
function namedGrams(plan: OutputPlan): bigint {
  const parts = plan.allocation ?? plan.constituents;
  return parts.reduce((sum, part) => (part.material === OTHER_MATERIAL ? sum : sum + BigInt(part.massG)), 0n);
}

/**
 * @throws TallyError `unknown_site`, `unknown_batch`, `not_custodian`, `batch_not_active`,
 *   `input_not_at_site`, `insufficient_mass`, `batch_exists`, `unknown_material`,
 *   `duplicate_constituent`, `constituents_not_summing`, `allocation_partial`,
 *   `outputs_exceed_inputs`, `constituent_exceeds_pool`, `allocation_mismatch`, `over_allocation`
 */
export function applyBatchTransform(ctx: ApplyContext<BatchTransformEvent>): void {
  const { tx, seq, event, actor, meta, effects } = ctx;
  const site = requireSite(actor, event.site, ['event', 'site']);
  const inputs = event.inputs.map((input, index): ConsumedInput => {
    const path = ['event', 'inputs', index, 'batch'];
    const batch = requireBatch(tx, input.batch, path);
    requireCustodian(batch, actor, path);
    requireActive(batch, path);
    if (batch.site !== site.id) {
      throw new TallyError('input_not_at_site', `input ${batch.id} is at site ${batch.site}, not ${site.id}; move it by batch.transfer first`, path);
    }
    if (input.massG > batch.massG) {
      throw new TallyError('insufficient_mass', `input ${batch.id} holds ${batch.massG} g, not ${input.massG} g`, ['event', 'inputs', index, 'massG']);
    }
    return { batch, massG: input.massG, taken: scale(batch.composition, input.massG) };
  });
  const plans = event.outputs.map((output, index): OutputPlan => {
    const path = ['event', 'outputs', index];
    requireNewBatchId(tx, output.id, [...path, 'id']);
    if (output.allocation === undefined) return { output, constituents: checkedConstituents(tx, output, path) };
    requireMaterial(tx, output.material, [...path, 'material']);
    const allocation = output.allocation.map((part, at) => {
      const material = part.material ?? output.material;
      requireMaterial(tx, material, [...path, 'allocation', at, 'material']);
      return { material, kind: part.kind, country: part.country, massG: part.massG };
    });
    return { output, constituents: [], allocation };
  });
  const allocating = event.outputs[0]!.allocation !== undefined;
  const odd = event.outputs.findIndex((output) => (output.allocation !== undefined) !== allocating);
  if (odd >= 0) {
    throw new TallyError('allocation_partial', 'either every output carries allocation or none does', ['event', 'outputs', odd, 'allocation']);
  }
  const pool = normalize(inputs.flatMap((input) => input.taken));
  // BigInt: each mass is at most 10^12 g, but a sum of 256 of them need not be safe.
  const poolNamedG = pool.reduce((sum, part) => (part.material === OTHER_MATERIAL ? sum : sum + BigInt(part.massG)), 0n);
  const producedNamedG = plans.reduce((sum, plan) => sum + namedGrams(plan), 0n);
  if (producedNamedG > poolNamedG) {
    throw new TallyError('outputs_exceed_inputs', `outputs weigh ${producedNamedG} g (other left out), inputs ${poolNamedG} g`, ['event', 'outputs']);
  }

  const served = serveOutputs(plans, pool, site.country);

  for (const { batch, massG, taken } of inputs) {
    const left = batch.massG - massG;
    writeBatch(tx, left === 0
      ? { ...batch, massG: 0, composition: [], status: 'consumed' }
      : { ...batch, massG: left, composition: subtract(batch.composition, taken) });
  }
  const custodyCountries = withCountries(inputs.flatMap(({ batch }) => batch.custodyCountries), [site.country]);
  const mixed = inputs.length > 1 || inputs.some(({ batch }) => batch.mixed);
  const allocated = allocating || inputs.some(({ batch }) => batch.allocated);
  const everExported = inputs.some(({ batch }) => batch.everExported);
  event.outputs.forEach((output, index) => {
    writeBatch(tx, {
      id: output.id,
      material: output.material,
      form: output.form,
      ...(output.grade !== undefined ? { grade: output.grade } : {}),
      massG: output.massG,
      status: 'active',
      custodian: actor.id,
      site: site.id,
      composition: served.compositions[index]!,
      custodyCountries,
      mixed,
      allocated,
      processed: true,
      everExported,
      createdSeq: seq,
    });
    effects.own(actor.id, output.id);
    for (const input of inputs) effects.link(input.batch.id, output.id);
  });

  // Per constituent: what the pool held and the outputs did not take from it is process loss.
  const taken = gramsByMaterial(served.fromPool);
  for (const [material, grams] of gramsByMaterial(pool)) {
    const lossG = grams - (taken.get(material) ?? 0);
    if (lossG > 0) addMassTotals(tx, material, { processLossG: lossG });
  }
  if (served.createdOtherG > 0) addMassTotals(tx, OTHER_MATERIAL, { createdG: served.createdOtherG });
  if (site.country === meta.homeCountry) {
    // Only grams entering their first transform count, so scrap -> ingot -> rod counts once; grams
    // that left the country and came back counted as exported already.
    const firstTime = inputs.filter(({ batch }) => !batch.processed && !batch.everExported).flatMap(({ taken: parts }) => parts);
    addRetention(tx, homeRecycledByMaterial(firstTime, meta.homeCountry), dayOf(event.at), (grams) => ({ processedAtHomeG: grams }));
  }
}
