import { IDENTITY_CHECK_EVIDENCE } from '../../../schemas/events.js';
import { ADJUST_REASONS, COMPOSITES, HOME_COUNTRY, PROFILES, type Material } from '../catalogue.js';
import type { GeneratedParticipant } from '../directory.js';
import { adjustBatch, registerBatch, retireBatch, transformBatches } from '../actions.js';
import { HOUR, type Sim } from '../sim.js';
import type { GenBatch } from '../world.js';
import { spentCellConstituents } from './composites.js';

/**
 * Scrap collection at UK yards: lots weighed in from the public (with the identity check the
 * Scrap Metal Dealers Act 2013 requires, recorded as a commitment and a document hash) and from
 * businesses (demolition, garages, factories' offcuts; spent batteries with their constituents),
 * weighbridge corrections, the non-metallic
 * fraction sent to landfill, and baling small lots into one before they are sold.
 */

/** Registers one scrap lot at `yard`. */
export function intakeLot(sim: Sim, yard: GeneratedParticipant, at: number): GenBatch | undefined {
  const { rng } = sim;
  const material = rng.pick(yard.materials);
  const profile = PROFILES[material];
  const pre = rng.chance(profile.preConsumerShare);
  const fromPublic = !pre && rng.chance(profile.individualShare);
  const massG = rng.logUniform(profile.lotG[0], profile.lotG[1]);
  const ticket = { kind: 'weighbridge-ticket', sha256: rng.hex(32) };
  const supplier = fromPublic
    ? { kind: 'individual' as const, ref: rng.hex(32) } // salted commitment; the person's details stay with the yard
    : { kind: 'business' as const, ref: `${pre ? 'factory' : rng.pick(['demolition', 'garage', 'council', 'contractor', 'utility'])}-${rng.int(1, 4000)}` };
  return registerBatch(sim, yard.id, {
    material,
    form: 'scrap',
    grade: rng.pick(pre ? profile.preConsumerGrades : profile.postConsumerGrades),
    massG,
    ...(COMPOSITES.has(material) ? { constituents: spentCellConstituents(rng, massG) } : {}),
    site: sim.pickSite(yard).id,
    origin: { kind: pre ? 'pre-consumer' : 'post-consumer', country: HOME_COUNTRY },
    supplier,
    evidence: fromPublic ? [ticket, { kind: IDENTITY_CHECK_EVIDENCE, sha256: rng.hex(32) }] : [ticket],
  }, at);
}

/**
 * Housekeeping on a yard's lots before they are sold: a weighbridge correction now and then, the
 * non-metallic fraction landfilled, rarely a lot lost (a yard fire). Returns the lots still for sale.
 */
export function sortLots(sim: Sim, lots: GenBatch[], at: number): GenBatch[] {
  const { rng } = sim;
  const kept: GenBatch[] = [];
  for (const lot of lots) {
    const r = rng.next();
    const cuttable = !lot.constituents; // a composite lot is never cut (world.ts), only lost whole
    if (cuttable && r < 0.015 && lot.registeredSeq !== undefined && lot.massG > 100) {
      const massG = lot.massG - Math.max(1, Math.floor(lot.massG * rng.between(0.003, 0.03)));
      adjustBatch(sim, lot, massG, rng.pick(ADJUST_REASONS), at, { corrects: lot.registeredSeq, evidence: [{ kind: 'weighbridge-ticket', sha256: rng.hex(32) }] });
    } else if (cuttable && r < 0.019 && lot.massG > 100) {
      retireBatch(sim, lot, 'landfilled', at, { massG: Math.max(1, Math.floor(lot.massG * rng.between(0.02, 0.1))) });
    } else if (r < 0.0195 && (cuttable || r >= 0.019)) {
      retireBatch(sim, lot, 'lost', at);
      continue;
    }
    if (lot.massG > 0 && lot.status === 'active' && sim.world.batches.has(lot.id)) kept.push(lot);
  }
  return kept;
}

/** Bales two or more small lots of one material at one site into one, losing a little to dirt. */
export function baleLots(sim: Sim, yard: GeneratedParticipant, material: Material, lots: GenBatch[], at: number): GenBatch | undefined {
  const site = lots[0]!.site;
  const inputs = lots.filter((lot) => lot.site === site).slice(0, sim.rng.int(2, 12));
  if (inputs.length < 2) return undefined;
  const inG = inputs.reduce((sum, lot) => sum + lot.massG, 0);
  const outG = inG - Math.floor(inG * sim.rng.between(0.002, 0.01));
  const made = transformBatches(sim, yard.id, site, 'sorting and baling', inputs.map((batch) => ({ batch, massG: batch.massG })), [
    { material, form: 'scrap', grade: `Baled ${inputs[0]!.grade ?? material}`.slice(0, 64), massG: outG },
  ], at + HOUR / 4);
  return made?.[0];
}
