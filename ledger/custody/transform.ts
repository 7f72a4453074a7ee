import type { BatchTransformEvent } from '../../schemas/events.js';
import type { Part } from '../../schemas/primitives.js';
import type { BatchState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { addMassTotals, addRetention } from './aggregates.js';
import { withCountries } from './batch-ops.js';
import { firstShortfall, homeRecycledG, normalize, scale, subtract, type Composition } from './composition.js';
import type { ApplyContext } from './context.js';
import { requireActive, requireBatch, requireCustodian, requireNewBatchId, requireSite, writeBatch } from './state-access.js';
import { dayOf } from './time.js';

/**
 * `batch.transform` (SPEC 3.2 and 4): the custodian of every input turns them into outputs at one
 * of its sites. The pool is the sum of what each input gives up; outputs are served from it in
 * listed order, by `scale` or by explicit allocation (mass balance); the rest is process loss.
 *
 * One material per transform: compositions carry no material, so blending two materials would
 * make every per-material figure (recycled share of copper, retention of steel) meaningless.
 */

interface ConsumedInput {
  batch: BatchState;
  massG: number;
  /** `scale(C_i, massG)`: what this input contributes to the pool. */
  taken: Composition;
}

/**
 * @throws TallyError `unknown_site`, `unknown_batch`, `not_custodian`, `batch_not_active`,
 *   `insufficient_mass`, `material_mismatch`, `batch_exists`, `allocation_partial`,
 *   `outputs_exceed_inputs`, `allocation_mismatch`, `over_allocation`, `mass_out_of_range`
 */
export function applyBatchTransform(ctx: ApplyContext<BatchTransformEvent>): void {
  const { tx, seq, event, actor, meta, effects } = ctx;
  const site = requireSite(actor, event.site, ['event', 'site']);
  const inputs = event.inputs.map((input, index): ConsumedInput => {
    const path = ['event', 'inputs', index, 'batch'];
    const batch = requireBatch(tx, input.batch, path);
    requireCustodian(batch, actor, path);
    requireActive(batch, path);
    if (input.massG > batch.massG) {
      throw new TallyError('insufficient_mass', `input ${batch.id} holds ${batch.massG} g, not ${input.massG} g`, ['event', 'inputs', index, 'massG']);
    }
    return { batch, massG: input.massG, taken: scale(batch.composition, input.massG) };
  });
  const material = inputs[0]!.batch.material;
  inputs.forEach(({ batch }, index) => {
    if (batch.material !== material) {
      throw new TallyError('material_mismatch', `input ${batch.id} is ${batch.material}, not ${material}`, ['event', 'inputs', index, 'batch']);
    }
  });
  event.outputs.forEach((output, index) => {
    if (output.material !== material) {
      throw new TallyError('material_mismatch', `output ${output.id} is ${output.material}, inputs are ${material}`, ['event', 'outputs', index, 'material']);
    }
    requireNewBatchId(tx, output.id, ['event', 'outputs', index, 'id']);
  });
  const allocating = event.outputs[0]!.allocation !== undefined;
  const odd = event.outputs.findIndex((output) => (output.allocation !== undefined) !== allocating);
  if (odd >= 0) {
    throw new TallyError('allocation_partial', 'either every output carries allocation or none does', ['event', 'outputs', odd, 'allocation']);
  }
  // BigInt: each mass is safe, but a sum of 256 of them need not be.
  const consumedG = event.inputs.reduce((sum, input) => sum + BigInt(input.massG), 0n);
  const producedG = event.outputs.reduce((sum, output) => sum + BigInt(output.massG), 0n);
  if (producedG > consumedG) {
    throw new TallyError('outputs_exceed_inputs', `outputs weigh ${producedG} g, inputs ${consumedG} g`, ['event', 'outputs']);
  }

  const compositions = serveOutputs(event.outputs, normalize(inputs.flatMap((input) => input.taken)));

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
      material,
      form: output.form,
      ...(output.grade !== undefined ? { grade: output.grade } : {}),
      massG: output.massG,
      status: 'active',
      custodian: actor.id,
      site: site.id,
      composition: compositions[index]!,
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

  const processLossG = Number(consumedG - producedG);
  if (processLossG > 0) addMassTotals(tx, material, { processLossG });
  if (site.country === meta.homeCountry) {
    // Only grams entering their first transform count, so scrap -> ingot -> rod counts once.
    const firstTimeG = inputs.filter(({ batch }) => !batch.processed).reduce((sum, { taken }) => sum + homeRecycledG(taken, meta.homeCountry), 0);
    if (firstTimeG > 0) addRetention(tx, material, dayOf(event.at), { processedAtHomeG: firstTimeG });
  }
}

/**
 * The composition of each output, served in listed order from `pool` (SPEC 4).
 * Requires the outputs to weigh no more than the pool, and all or none to carry allocation.
 * @throws TallyError `allocation_mismatch`, `over_allocation`
 */
function serveOutputs(outputs: BatchTransformEvent['outputs'], pool: Composition): Composition[] {
  let remaining = pool;
  return outputs.map((output, index) => {
    if (output.allocation === undefined) {
      const share = scale(remaining, output.massG);
      remaining = subtract(remaining, share);
      return share;
    }
    const path = ['event', 'outputs', index, 'allocation'];
    const allocatedG = output.allocation.reduce((sum, part) => sum + BigInt(part.massG), 0n);
    if (allocatedG !== BigInt(output.massG)) {
      throw new TallyError('allocation_mismatch', `allocation of ${output.id} sums to ${allocatedG} g, not ${output.massG} g`, path);
    }
    const parts: Part[] = normalize(output.allocation);
    const short = firstShortfall(remaining, parts);
    if (short) {
      const at = output.allocation.findIndex((part) => part.kind === short.kind && part.country === short.country);
      throw new TallyError('over_allocation', `${output.id} allocates ${short.massG} g of ${short.kind} ${short.country}, more than remains in the pool`, [...path, at]);
    }
    remaining = subtract(remaining, parts);
    return parts;
  });
}
