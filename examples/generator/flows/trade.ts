import { PROFILES, type Material } from '../catalogue.js';
import { registerBatch } from '../actions.js';
import { importRoute } from '../operations.js';
import { HOUR, type Sim } from '../sim.js';
import { deliver } from './delivery.js';
import type { GeneratedParticipant } from '../directory.js';

/**
 * Imports of primary metal: a mine or smelter abroad registers a shipment at its works and sends
 * it to a UK buyer (custody passes on arrival, weeks later by sea); and UK traders registering
 * primary metal they bought on warrant into their warehouses, to sell on to melt shops.
 */

/** Relative weight of each material in import shipments. */
const IMPORT_WEIGHT: Partial<Record<Material, number>> = {
  aluminium: 0.25, copper: 0.2, steel: 0.08, platinum: 0.08, palladium: 0.07, nickel: 0.1, cobalt: 0.07, lithium: 0.08, zinc: 0.07,
};

const WARRANT_ORIGINS: Partial<Record<Material, readonly string[]>> = { aluminium: ['IN', 'AE', 'NO'], copper: ['CL', 'ZM', 'PL'] };

/** A shipment of a random material to a random UK buyer, or, with `order`, one a buyer placed. */
export function importShipment(sim: Sim, at: number, order?: { material: Material; buyer: GeneratedParticipant }): void {
  const { rng } = sim;
  const material = order?.material ?? rng.weighted(Object.keys(IMPORT_WEIGHT) as Material[], (m) => IMPORT_WEIGHT[m]!);
  const profile = rng.pick(PROFILES[material].imports);
  const country = rng.pick(profile.countries);
  const producer = sim.ofKind('producer', material).find((p) => p.country === country);
  const buyer = order?.buyer ?? sim.pickOf(importRoute(material), material);
  if (!producer || !buyer) return;
  const lot = registerBatch(sim, producer.id, {
    material,
    form: profile.form,
    grade: profile.grade,
    massG: rng.logUniform(profile.lotG[0], profile.lotG[1]),
    site: producer.sites[0]!.id,
    origin: { kind: 'primary', country },
  }, at);
  if (lot) deliver(sim, lot, buyer, at + rng.int(1, 12) * HOUR);
}

/** A UK trader registers primary aluminium or copper it holds on warrant. */
export function traderWarrant(sim: Sim, at: number): void {
  const { rng } = sim;
  const material = rng.pick(['aluminium', 'copper'] as const);
  const trader = sim.pickOf('trader', material);
  if (!trader) return;
  const profile = PROFILES[material].imports[0]!;
  registerBatch(sim, trader.id, {
    material,
    form: profile.form,
    grade: profile.grade,
    massG: rng.logUniform(profile.lotG[0] / 4, profile.lotG[1] / 4),
    site: sim.pickSite(trader).id,
    origin: { kind: 'primary', country: rng.pick(WARRANT_ORIGINS[material]!) },
    evidence: [{ kind: 'warehouse-warrant', sha256: rng.hex(32) }],
  }, at);
}
