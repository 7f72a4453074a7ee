import { COMPOSITES, CONSIGNEES, PROFILES, RECOVERY_CODES } from '../catalogue.js';
import type { GeneratedParticipant } from '../directory.js';
import { exportBatch } from '../actions.js';
import { DISPATCHED_FORMS, importRoute, routesFor, scrapProcessor, type Route } from '../operations.js';
import { DAY, type Sim } from '../sim.js';
import type { GenBatch } from '../world.js';
import { baleLots, sortLots } from './collection.js';
import { deliver } from './delivery.js';

/**
 * Selling on: each day a participant looks at what it holds for sale and sends some of it on,
 * to a UK buyer, a foreign buyer's site (an export by transfer) or out of the ledger by
 * `batch.export` with its Basel/EWC codes. Large lots are sometimes split between buyers.
 */

const COLLECTORS = new Set(['scrap-yard', 'cat-collector', 'battery-collector']);

export function dispatchDay(sim: Sim, p: GeneratedParticipant, at: number): void {
  const collector = COLLECTORS.has(p.kind);
  const forms = collector ? ['scrap'] : p.kind === 'producer' ? undefined : DISPATCHED_FORMS[p.kind];
  for (const material of p.materials) {
    const formsHere = forms ?? PROFILES[material].imports.map((i) => i.form);
    let lots = sim.world.stockOf(p.id, material, formsHere);
    if (lots.length === 0) continue;
    if (collector) {
      lots = sortLots(sim, lots, at);
      if (lots.length >= 4 && !COMPOSITES.has(material) && sim.rng.chance(0.12)) {
        const bale = baleLots(sim, p, material, lots, at);
        if (bale) lots = sim.world.stockOf(p.id, material, formsHere);
      }
    }
    const shipG = PROFILES[material].shipG;
    for (const lot of lots) {
      // Yards sell within a few days; others ship a full load at once and top up small ones for a while.
      if (collector ? !sim.rng.chance(0.55) : lot.massG < shipG && sim.world.now - (lot.since ?? 0) < 4 * DAY) continue;
      sellOne(sim, p, lot, at + sim.rng.int(0, 3 * 3_600_000));
    }
  }
}

function routeOf(sim: Sim, p: GeneratedParticipant, lot: GenBatch): Route {
  if (p.kind === 'producer') return importRoute(lot.material);
  if (COLLECTORS.has(p.kind)) {
    const share = PROFILES[lot.material].exportShare;
    const domestic: Route = scrapProcessor(lot.material);
    // Foreign buyers melt what they receive as one material: composite scrap leaves by batch.export.
    const abroad = COMPOSITES.has(lot.material) ? 0 : share * 0.3;
    const options: Array<[Route, number]> = [['export', share - abroad], ['abroad', abroad], [domestic, (1 - share) * 0.8]];
    if (lot.material === 'steel' || lot.material === 'aluminium' || lot.material === 'copper') options.push(['trader', (1 - share) * 0.2]);
    else options[2]![1] = 1 - share;
    if (lot.material === 'copper') options.push(['brass-mill', (1 - share) * 0.15]);
    return sim.rng.weighted(options, ([, w]) => w)[0];
  }
  const routes = routesFor(p.kind, lot.material, lot.form);
  return routes.length === 0 ? 'export' : sim.rng.weighted(routes, ([, w]) => w)[0];
}

/** Sends one lot (or part of it) on its way. */
export function sellOne(sim: Sim, p: GeneratedParticipant, lot: GenBatch, at: number): void {
  const { rng } = sim;
  // A composite batch is never split (world.ts): its grams per constituent would be apportioned.
  const splitG = !lot.constituents && lot.massG >= 2 * PROFILES[lot.material].shipG && rng.chance(0.25) ? Math.floor(lot.massG * rng.between(0.3, 0.7)) : undefined;
  const route = routeOf(sim, p, lot);
  if (route !== 'export') {
    const buyer = sim.pickOf(route === 'abroad' ? 'foreign-buyer' : route, lot.material);
    if (buyer && buyer.id !== p.id) {
      deliver(sim, lot, buyer, at, splitG === undefined ? {} : { splitG });
      return;
    }
  }
  // Without a buyer, UK holders export; a foreign producer without a UK buyer keeps its metal.
  if (sim.isHome(p)) exportLot(sim, lot, at, splitG);
}

/** `batch.export` from the UK, with waste codes for scrap and black mass. */
export function exportLot(sim: Sim, lot: GenBatch, at: number, splitG?: number): boolean {
  const { rng } = sim;
  const profile = PROFILES[lot.material];
  const consignee = rng.pick(CONSIGNEES.filter((c) => c.materials.includes(lot.material) && profile.exportCountries.includes(c.country)));
  const waste = lot.form === 'scrap' || lot.material === 'black-mass';
  return exportBatch(sim, lot, {
    country: consignee.country,
    consignee: consignee.name,
    ...(rng.chance(0.6) ? { facility: `${rng.pick(['melt shop', 'refinery', 'sorting plant', 'smelter'])} ${rng.int(1, 4)}` } : {}),
    ...(waste ? { recoveryCode: rng.pick(RECOVERY_CODES) } : {}),
  }, at, {
    ...(splitG !== undefined ? { splitG } : {}),
    ...(waste ? { wasteCode: rng.pick(profile.wasteCodes), reference: `AnnexVII-2025-${String(rng.int(1, 99999)).padStart(5, '0')}` } : { reference: `EXA-${rng.hex(6).toUpperCase()}` }),
  });
}
