import { T, type Constituent, type Material } from '../catalogue.js';
import type { GeneratedParticipant, Kind } from '../directory.js';
import { attestBatch, transformBatches, type OutputSpec } from '../actions.js';
import type { Prng } from '../prng.js';
import { DAY, type Sim } from '../sim.js';
import { constituentsOf, type ConstituentGrams, type GenBatch } from '../world.js';
import { importShipment } from './trade.js';

/**
 * Transforms of several constituents (SPEC 4.1). The battery chain: recyclers shred spent cells
 * into black mass; a refiner recovers nickel, cobalt and lithium from it (manganese and the rest
 * are loss); a cathode maker blends recycled and imported primary metal into NMC811 cathode, with
 * oxygen created as `other`; a cell maker builds cells from it, electrolyte, graphite and casing
 * created as `other`. And a brass mill melting copper scrap with primary zinc.
 *
 * Every output constituent is computed from the generator's own per-constituent tally of the
 * inputs, which is exact: composite inputs are consumed whole, single-material ones are all of
 * one constituent, and constituent grams are conserved exactly (only their split between parts
 * is apportioned). So each request fits what the pool holds, and `other` beyond it is created.
 */

const MAX_INPUTS = 256;

/** Contained metal in spent NMC cells, as shares of a lot's mass; `other` is the rest. */
const SPENT_CELL_SHARES: ReadonlyArray<[Constituent, readonly [number, number]]> = [
  ['nickel', [0.12, 0.2]], ['cobalt', [0.02, 0.06]], ['lithium', [0.015, 0.025]], ['manganese', [0.02, 0.05]],
];

/** NMC811 cathode (LiNi0.8Mn0.1Co0.1O2), grams per gram of nickel; manganese and oxygen are `other`. */
const CATHODE_PER_NI = { cobalt: 0.126, lithium: 0.147, other: 0.797 } as const;

/** The constituents of a spent-cell lot of `massG` grams (at least 50 kg: every share is >= 1 g). */
export function spentCellConstituents(rng: Prng, massG: number): ConstituentGrams[] {
  const metals = SPENT_CELL_SHARES.map(([material, [lo, hi]]) => ({ material, massG: Math.floor(massG * rng.between(lo, hi)) }));
  return [...metals, { material: 'other', massG: massG - metals.reduce((sum, m) => sum + m.massG, 0) }];
}

type Recipe = (sim: Sim, p: GeneratedParticipant, at: number) => void;

/** What each kind making composite batches (or taking them apart) runs each day. */
export const RECIPES: Partial<Record<Kind, Recipe>> = {
  'battery-recycler': shred,
  'battery-refiner': refine,
  'cathode-maker': makeCathode,
  'cell-maker': makeCells,
  'brass-mill': castBrass,
};

/** Spent cells -> black mass: the metals mostly kept, casing, plastics and electrolyte removed. */
function shred(sim: Sim, p: GeneratedParticipant, at: number): void {
  const inputs = wholeCharge(sim, p, 'li-ion-cell', ['scrap'], 20 * T);
  if (!inputs) return;
  const pool = tally(inputs);
  const constituents = keep(pool, (material) => (material === 'other' ? sim.rng.between(0.2, 0.3) : sim.rng.between(0.9, 0.97)));
  run(sim, p, 'discharge, shredding and separation', inputs, [composite('black-mass', 'powder', 'NMC black mass', constituents)], at);
}

/** Black mass -> nickel and cobalt sulphate and lithium hydroxide (contained metal), one material each. */
function refine(sim: Sim, p: GeneratedParticipant, at: number): void {
  const inputs = wholeCharge(sim, p, 'black-mass', ['powder'], 40 * T);
  if (!inputs) return;
  const pool = tally(inputs);
  const { rng } = sim;
  const recovered: Array<[Material & Constituent, string, string, number]> = [
    ['nickel', 'sulphate', 'Nickel sulphate (contained Ni)', rng.between(0.92, 0.97)],
    ['cobalt', 'sulphate', 'Cobalt sulphate (contained Co)', rng.between(0.9, 0.96)],
    ['lithium', 'hydroxide', 'Lithium hydroxide (contained Li)', rng.between(0.8, 0.9)],
  ];
  const outputs: OutputSpec[] = [];
  for (const [material, form, grade, y] of recovered) {
    const massG = Math.floor((pool.get(material) ?? 0) * y);
    if (massG >= 1) outputs.push({ material, form, grade, massG });
  }
  if (outputs.length > 0) run(sim, p, 'leaching, solvent extraction and crystallisation', inputs, outputs, at);
}

/**
 * Recycled and primary nickel, cobalt and lithium -> NMC811 cathode, in the cathode's proportions
 * as far as the scarcest metal allows; oxygen (and the manganese, not tracked here) created.
 */
function makeCathode(sim: Sim, p: GeneratedParticipant, at: number): void {
  const nickel = heldAtWorks(sim, p, 'nickel', ['sulphate', 'mhp']);
  const cobalt = heldAtWorks(sim, p, 'cobalt', ['sulphate', 'hydroxide']);
  const lithium = heldAtWorks(sim, p, 'lithium', ['hydroxide', 'carbonate']);
  // Recycled metal covers a small part of the need: what runs short for a 10 t nickel charge is bought abroad.
  orderWhenShort(sim, p, 'nickel', gramsOf(nickel) < 10 * T, at);
  orderWhenShort(sim, p, 'cobalt', gramsOf(cobalt) < 10 * T * CATHODE_PER_NI.cobalt, at);
  orderWhenShort(sim, p, 'lithium', gramsOf(lithium) < 10 * T * CATHODE_PER_NI.lithium, at);
  const niG = Math.floor(Math.min(30 * T, gramsOf(nickel), gramsOf(cobalt) / CATHODE_PER_NI.cobalt, gramsOf(lithium) / CATHODE_PER_NI.lithium));
  const waited = nickel.length > 0 && sim.world.now - (nickel[0]!.since ?? 0) >= 5 * DAY;
  if (niG < 1 * T && !(waited && niG >= 1000)) return;
  const coG = Math.floor(niG * CATHODE_PER_NI.cobalt);
  const liG = Math.floor(niG * CATHODE_PER_NI.lithium);
  const inputs = [...take(nickel, niG), ...take(cobalt, coG), ...take(lithium, liG)];
  if (inputs.length > MAX_INPUTS) return; // never, with loads of a tonne or more
  const { rng } = sim;
  const metals: ConstituentGrams[] = [
    { material: 'nickel', massG: Math.floor(niG * rng.between(0.98, 0.995)) },
    { material: 'cobalt', massG: Math.floor(coG * rng.between(0.98, 0.995)) },
    { material: 'lithium', massG: Math.floor(liG * rng.between(0.97, 0.99)) },
  ];
  const otherG = Math.round(metals[0]!.massG * CATHODE_PER_NI.other);
  run(sim, p, 'co-precipitation and calcination', inputs, [composite('nmc811-cathode', 'powder', 'NMC811', [...metals, { material: 'other', massG: otherG }])], at);
}

/** Cathode -> cells: the metals kept but for coating scrap, electrolyte, graphite and casing created. */
function makeCells(sim: Sim, p: GeneratedParticipant, at: number): void {
  const inputs = wholeCharge(sim, p, 'nmc811-cathode', ['powder'], 20 * T);
  if (!inputs) return;
  const pool = tally(inputs);
  const { rng } = sim;
  const metals = keep(pool, (material) => (material === 'other' ? 0 : rng.between(0.97, 0.99)));
  const poolG = [...pool.values()].reduce((a, b) => a + b, 0);
  const metalG = metals.reduce((s, m) => s + m.massG, 0);
  const cellG = Math.floor(poolG * rng.between(2.5, 3.2));
  const cells = composite('li-ion-cell', 'component', rng.pick(['21700 NMC811 cells', 'Pouch cells NMC811', 'Prismatic cells NMC811']), [...metals, { material: 'other', massG: cellG - metalG }]);
  run(sim, p, 'electrode coating and cell assembly', inputs, [cells], at);
}

/** Copper scrap and primary zinc -> brass rod; a little zinc fumes off. */
function castBrass(sim: Sim, p: GeneratedParticipant, at: number): void {
  const copper = heldAtWorks(sim, p, 'copper', ['scrap']);
  const zinc = heldAtWorks(sim, p, 'zinc', ['ingot']);
  orderWhenShort(sim, p, 'zinc', gramsOf(zinc) < 20 * T, at);
  const { rng } = sim;
  const [grade, zincShare] = rng.pick([['CZ121 (CW614N)', 0.39], ['CZ108 (CW508L)', 0.37]] as const);
  const perCu = zincShare / (1 - zincShare);
  const cuG = Math.floor(Math.min(60 * T, gramsOf(copper), gramsOf(zinc) / perCu));
  const waited = copper.length > 0 && sim.world.now - (copper[0]!.since ?? 0) >= 5 * DAY;
  if (cuG < 10 * T && !(waited && cuG >= 1000)) return;
  const znG = Math.floor(cuG * perCu);
  const inputs = [...take(copper, cuG), ...take(zinc, znG)];
  if (inputs.length > MAX_INPUTS) return;
  run(sim, p, 'melt and continuous cast', inputs, [composite('brass', 'rod', grade, [
    { material: 'copper', massG: Math.floor(cuG * rng.between(0.985, 0.995)) },
    { material: 'zinc', massG: Math.floor(znG * rng.between(0.96, 0.98)) },
  ])], at);
}

// ---- shared steps ----

/**
 * Whole batches of `material` at the participant's site, oldest first, up to a charge (at least
 * one batch) and 256 inputs; undefined while too little has waited too short a time.
 */
function wholeCharge(sim: Sim, p: GeneratedParticipant, material: Material, forms: string[], chargeG: number): Array<{ batch: GenBatch; massG: number }> | undefined {
  const stock = heldAtWorks(sim, p, material, forms);
  if (stock.length === 0) return undefined;
  if (gramsOf(stock) < chargeG / 2 && sim.world.now - (stock[0]!.since ?? 0) < 5 * DAY) return undefined;
  const inputs: Array<{ batch: GenBatch; massG: number }> = [];
  let chargedG = 0;
  for (const batch of stock) {
    if (inputs.length === MAX_INPUTS || chargedG >= chargeG) break;
    inputs.push({ batch, massG: batch.massG });
    chargedG += batch.massG;
  }
  return inputs;
}

/** Now and then (a purchase every ten days or so while short), an import of primary `material`. */
function orderWhenShort(sim: Sim, p: GeneratedParticipant, material: Material, short: boolean, at: number): void {
  if (short && sim.rng.chance(0.1)) importShipment(sim, at, { material, buyer: p });
}

/**
 * What the participant holds at its works (UK processors have one site), where it transforms:
 * the ledger takes inputs only at the transform's site.
 */
function heldAtWorks(sim: Sim, p: GeneratedParticipant, material: Material, forms: readonly string[]): GenBatch[] {
  const site = p.sites[0]!.id;
  return sim.world.stockOf(p.id, material, forms).filter((b) => b.site === site);
}

function gramsOf(stock: readonly GenBatch[]): number {
  return stock.reduce((sum, b) => sum + b.massG, 0);
}

/** `needG` grams from single-material stock, oldest first, the last batch perhaps in part. */
function take(stock: GenBatch[], needG: number): Array<{ batch: GenBatch; massG: number }> {
  const out: Array<{ batch: GenBatch; massG: number }> = [];
  for (const batch of stock) {
    if (needG <= 0) break;
    const massG = Math.min(batch.massG, needG);
    out.push({ batch, massG });
    needG -= massG;
  }
  return out;
}

/** Grams per constituent of whole inputs (or parts of single-material ones). */
function tally(inputs: ReadonlyArray<{ batch: GenBatch; massG: number }>): Map<Constituent, number> {
  const pool = new Map<Constituent, number>();
  for (const { batch, massG } of inputs) {
    const parts = massG === batch.massG ? constituentsOf(batch) : [{ material: batch.material as Constituent, massG }];
    for (const part of parts) pool.set(part.material, (pool.get(part.material) ?? 0) + part.massG);
  }
  return pool;
}

/** A share of each constituent of the pool, in the pool's order, dropping any under a gram. */
function keep(pool: ReadonlyMap<Constituent, number>, share: (material: Constituent) => number): ConstituentGrams[] {
  const out: ConstituentGrams[] = [];
  for (const [material, grams] of pool) {
    const massG = Math.floor(grams * share(material));
    if (massG >= 1) out.push({ material, massG });
  }
  return out;
}

function composite(material: Material, form: string, grade: string, constituents: ConstituentGrams[]): OutputSpec {
  return { material, form, grade, massG: constituents.reduce((sum, c) => sum + c.massG, 0), constituents };
}

function run(sim: Sim, p: GeneratedParticipant, process: string, inputs: Array<{ batch: GenBatch; massG: number }>, outputs: OutputSpec[], at: number): void {
  if (outputs.some((o) => o.massG < 1)) return;
  const made = transformBatches(sim, p.id, p.sites[0]!.id, process, inputs, outputs, at);
  for (const batch of made ?? []) {
    if (sim.rng.chance(0.06)) attestBatch(sim, p.id, batch, 'assay', `Certificate of analysis: ${batch.grade ?? batch.form}, within specification`, at + 2 * 3_600_000);
  }
}
