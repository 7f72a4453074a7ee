import type { OriginKind } from '../../../schemas/primitives.js';
import { ADJUST_REASONS, BATTERY_PACKS, CABLE_PRODUCTS, CAR_MODELS, CONSTRUCTION_PROJECTS } from '../catalogue.js';
import type { GeneratedParticipant } from '../directory.js';
import { adjustBatch, attestBatch, retireBatch, transformBatches, type OutputSpec } from '../actions.js';
import { OPERATIONS, RETIRED_FORMS, type Operation } from '../operations.js';
import { DAY, type Sim } from '../sim.js';
import type { GenBatch } from '../world.js';
import { RECIPES } from './composites.js';

/**
 * Transforms: melt shops, mills, refineries, fabricators and assembly lines take what they hold
 * into a charge (up to a furnace's capacity and 256 inputs, the last one perhaps in part) and make
 * one to three outputs, plus offcuts where a fabricator makes them; the rest is process loss.
 * Some remelters sell under mass balance (ISO 22095): recycled and primary input allocated to
 * separate products. Manufacturers then retire what they built in into products.
 */

const MAX_INPUTS = 256;

export function processDay(sim: Sim, p: GeneratedParticipant, at: number): void {
  for (const operation of OPERATIONS[p.kind] ?? []) {
    if (!p.materials.includes(operation.material)) continue;
    runOperation(sim, p, operation, at);
  }
  RECIPES[p.kind]?.(sim, p, at);
}

function runOperation(sim: Sim, p: GeneratedParticipant, operation: Operation, at: number): void {
  const { rng } = sim;
  const stock = sim.world.stockOf(p.id, operation.material, operation.inputs);
  if (stock.length === 0) return;
  // A furnace is charged when there is enough for a good part of a charge, or stock has waited long.
  const heldG = stock.reduce((sum, b) => sum + b.massG, 0);
  if (heldG < operation.chargeG / 2 && sim.world.now - (stock[0]!.since ?? 0) < 5 * DAY) return;
  const inputs: Array<{ batch: GenBatch; massG: number }> = [];
  let chargeG = 0;
  for (const batch of stock) {
    if (inputs.length === MAX_INPUTS || chargeG >= operation.chargeG) break;
    const massG = Math.min(batch.massG, operation.chargeG - chargeG);
    inputs.push({ batch, massG });
    chargeG += massG;
  }
  const site = inputs[0]!.batch.site;
  const single = inputs.every((i) => i.batch.origin !== undefined);
  const outputs = operation.massBalance !== undefined && single && rng.chance(operation.massBalance)
    ? massBalanceOutputs(sim, operation, inputs)
    : blendedOutputs(sim, operation, chargeG);
  if (outputs.length === 0) return;
  const made = transformBatches(sim, p.id, site, operation.process, inputs, outputs, at);
  if (!made) return;
  for (const batch of made) {
    const r = rng.next();
    if (r < 0.06) attestBatch(sim, p.id, batch, 'assay', `Certificate of analysis: ${batch.grade ?? batch.form}, within specification`, at + 2 * 3_600_000);
    else if (r < 0.065 && batch.massG > 1000) {
      adjustBatch(sim, batch, batch.massG - Math.max(1, Math.floor(batch.massG * rng.between(0.001, 0.005))), rng.pick(ADJUST_REASONS), at + 3 * 3_600_000);
    }
  }
}

/** Main product in one to three batches, and offcuts if the operation makes them. */
function blendedOutputs(sim: Sim, operation: Operation, chargeG: number): OutputSpec[] {
  const { rng } = sim;
  const mainG = Math.floor(chargeG * rng.between(operation.yield[0], operation.yield[1]));
  const offcutG = operation.offcut ? Math.floor(chargeG * rng.between(operation.offcut[0], operation.offcut[1])) : 0;
  // A full charge is cast or coiled in up to three product lots; a small one in one.
  const pieces = Math.max(1, Math.min(rng.int(1, 3), Math.floor((3 * mainG) / operation.chargeG)));
  if (mainG < 1) return [];
  const outputs: OutputSpec[] = [];
  let left = mainG;
  for (let i = 0; i < pieces; i++) {
    const massG = i === pieces - 1 ? left : Math.floor(mainG / pieces);
    left -= massG;
    outputs.push({ material: operation.material, form: operation.form, grade: rng.pick(operation.grades), massG });
  }
  if (offcutG >= 1 && mainG + offcutG <= chargeG) outputs.push({ material: operation.material, form: 'scrap', grade: 'Process offcuts', massG: offcutG });
  return outputs;
}

/**
 * Mass balance: the pool's recycled parts go to a "recycled" product, its primary parts to a
 * standard one, each at the run's yield. Requires every input to have a single-part composition,
 * so that the pool is known exactly: the sum of what each input gives up.
 */
function massBalanceOutputs(sim: Sim, operation: Operation, inputs: Array<{ batch: GenBatch; massG: number }>): OutputSpec[] {
  const y = sim.rng.between(operation.yield[0], operation.yield[1]);
  const pool = new Map<string, { kind: OriginKind; country: string; massG: number }>();
  for (const { batch, massG } of inputs) {
    const key = `${batch.origin!.kind}/${batch.origin!.country}`;
    const part = pool.get(key) ?? { kind: batch.origin!.kind, country: batch.origin!.country, massG: 0 };
    part.massG += massG;
    pool.set(key, part);
  }
  const recycled: OutputSpec['allocation'] = [];
  const primary: OutputSpec['allocation'] = [];
  for (const part of [...pool.values()].sort((a, b) => (a.kind + a.country < b.kind + b.country ? -1 : 1))) {
    const massG = Math.floor(part.massG * y);
    if (massG >= 1) (part.kind === 'primary' ? primary : recycled)!.push({ ...part, massG });
  }
  const outputs: OutputSpec[] = [];
  for (const [allocation, grade] of [[recycled, `${operation.grades[0]} recycled (mass balance)`], [primary, operation.grades[0]!]] as const) {
    if (allocation!.length === 0) continue;
    const massG = allocation!.reduce((sum, part) => sum + part.massG, 0);
    outputs.push({ material: operation.material, form: operation.form, grade, massG, allocation: allocation! });
  }
  return outputs;
}

/** Manufacturers retire finished goods into products (a car model, a cable, a building). */
export function retireDay(sim: Sim, p: GeneratedParticipant, at: number): void {
  const forms = RETIRED_FORMS[p.kind];
  if (!forms) return;
  const products = p.kind === 'car-maker' ? CAR_MODELS : p.kind === 'cable-maker' ? CABLE_PRODUCTS : p.kind === 'cell-maker' ? BATTERY_PACKS : CONSTRUCTION_PROJECTS;
  for (const material of p.materials) {
    for (const batch of sim.world.stockOf(p.id, material, forms)) {
      if (!sim.rng.chance(0.6)) continue;
      const partial = !batch.constituents && batch.massG >= 4 && sim.rng.chance(0.3); // composites are never cut (world.ts)
      retireBatch(sim, batch, 'incorporated', at, {
        ...(partial ? { massG: Math.floor(batch.massG / 2) } : {}),
        product: sim.rng.pick(products),
      });
    }
  }
}

/** A foreign buyer melts what it received, or builds it in, outside the UK. */
export function foreignDay(sim: Sim, p: GeneratedParticipant, at: number): void {
  const site = p.sites[0]!.id;
  for (const material of p.materials) {
    for (const batch of sim.world.stockOf(p.id, material, ['scrap', 'billet', 'rod', 'rebar', 'sponge', 'ingot', 'component'])) {
      if (!sim.rng.chance(0.3)) continue;
      if (batch.form === 'ingot' || batch.form === 'component' || sim.rng.chance(0.4)) {
        retireBatch(sim, batch, 'incorporated', at);
      } else if (batch.massG >= 2) {
        transformBatches(sim, p.id, site, 'remelting abroad', [{ batch, massG: batch.massG }], [
          { material, form: 'ingot', grade: 'Secondary ingot', massG: Math.max(1, Math.floor(batch.massG * 0.95)) },
        ], at);
      }
    }
  }
}
