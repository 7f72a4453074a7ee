import { HOME_COUNTRY, KG, PROFILES, T } from './catalogue.js';
import type { GeneratedParticipant } from './directory.js';
import { participantKey } from './keys.js';
import { registerBatch, transformBatches } from './actions.js';
import { deliver } from './flows/delivery.js';
import { DAY, HOUR, type Sim } from './sim.js';
import type { GenBatch } from './world.js';

/**
 * The deep-lineage campaign: a remelter consolidates thousands of aluminium scrap lots, bought
 * from yards across the country, through a tree of melts (lots -> sows -> slabs -> one ingot),
 * so that one batch has a planned number of ancestor entries. Its events are always emitted,
 * whatever the budget, and the ordinary flows never touch its batches, so the lineage of the
 * final ingot is exactly: 3 entries per lot (register, transfer, receive) plus one per melt.
 */

export const CAMPAIGN_REMELTER_ID = 'deep-lineage-remelter';
export const DEEP_BATCH_ID = 'al-ingot-deep-lineage';

const LOTS_PER_SOW = 50;
const SOWS_PER_SLAB = 10;

export interface CampaignPlan {
  lots: number;
  sows: number;
  slabs: number;
  /** Entries in the final ingot's lineage. */
  ancestorEntries: number;
  /** Events the campaign emits, the remelter's registration included. */
  events: number;
}

/** The smallest campaign whose final ingot has at least `ancestorEntries` entries in its lineage. */
export function planCampaign(ancestorEntries: number): CampaignPlan {
  if (!Number.isSafeInteger(ancestorEntries) || ancestorEntries < 5) throw new RangeError('ancestorEntries must be an integer >= 5');
  for (let lots = 1; ; lots++) {
    const sows = Math.ceil(lots / LOTS_PER_SOW);
    const slabs = Math.ceil(sows / SOWS_PER_SLAB);
    const entries = 3 * lots + sows + slabs + 1;
    if (entries >= ancestorEntries) return { lots, sows, slabs, ancestorEntries: entries, events: entries + 1 };
  }
}

export function campaignRemelter(seed: string): GeneratedParticipant {
  return {
    id: CAMPAIGN_REMELTER_ID,
    name: 'Rotherham Consolidated Aluminium Ltd',
    kind: 'campaign-remelter',
    roles: ['recycler', 'processor'],
    country: HOME_COUNTRY,
    sites: [{ id: 'templeborough', name: 'Templeborough melt shop', country: HOME_COUNTRY }],
    materials: ['aluminium'],
    capacity: 1,
    key: participantKey(seed, CAMPAIGN_REMELTER_ID),
  };
}

/**
 * Books the campaign into the calendar: lots from `firstDay` to `lastLotDay`, each melt two days
 * after the lots (or sows) it takes should all have arrived, the final ingot on `finalDay`.
 */
export function scheduleCampaign(sim: Sim, plan: CampaignPlan, remelter: GeneratedParticipant, days = { firstDay: 10, lastLotDay: 300, finalDay: 330 }): void {
  const yards = sim.ofKind('scrap-yard', 'aluminium');
  const sellers = yards.length > 0 ? yards : sim.ofKind('scrap-yard');
  const start = sim.yearStart + days.firstDay * DAY;
  const span = (days.lastLotDay - days.firstDay) * DAY;
  const received: GenBatch[] = [];
  const sows: GenBatch[] = [];
  const slabs: GenBatch[] = [];
  const site = remelter.sites[0]!.id;
  const profile = PROFILES.aluminium;

  const melt = (inputs: GenBatch[], form: string, grade: string, at: number, id?: string): GenBatch => {
    const inG = inputs.reduce((sum, b) => sum + b.massG, 0);
    const outG = Math.max(1, Math.floor(inG * (form === 'sow' ? 0.95 : 0.99)));
    return transformBatches(sim, remelter.id, site, form === 'sow' ? 'remelt into sows' : 'consolidation melt', inputs.map((batch) => ({ batch, massG: batch.massG })), [
      { ...(id ? { id } : {}), material: 'aluminium', form, grade, massG: outG },
    ], at, true)![0]!;
  };

  for (let i = 0; i < plan.lots; i++) {
    const at = start + Math.floor((span * i) / plan.lots);
    sim.schedule.add(at, () => {
      const yard = sim.rng.pick(sellers);
      const lot = registerBatch(sim, yard.id, {
        material: 'aluminium',
        form: 'scrap',
        grade: sim.rng.pick(profile.postConsumerGrades),
        massG: sim.rng.logUniform(500 * KG, 5 * T),
        site: yard.sites[0]!.id,
        origin: { kind: sim.rng.chance(0.8) ? 'post-consumer' : 'pre-consumer', country: HOME_COUNTRY },
        supplier: { kind: 'business', ref: `collection-round-${sim.rng.int(1, 500)}` },
        evidence: [{ kind: 'weighbridge-ticket', sha256: sim.rng.hex(32) }],
        campaign: true,
      }, at, true)!;
      const moving = deliver(sim, lot, remelter, at + HOUR, { mandatory: true, site })!;
      received.push(moving);
    }, true);
  }
  // Each sow takes the next LOTS_PER_SOW lots, once the last of them can have arrived (30 h at most).
  for (let s = 0; s < plan.sows; s++) {
    const lastLot = Math.min(plan.lots, (s + 1) * LOTS_PER_SOW) - 1;
    const at = start + Math.floor((span * lastLot) / plan.lots) + 2 * DAY;
    sim.schedule.add(at, () => {
      const inputs = received.slice(s * LOTS_PER_SOW, (s + 1) * LOTS_PER_SOW);
      sows.push(melt(inputs, 'sow', 'Remelt sow', at));
    }, true);
  }
  for (let b = 0; b < plan.slabs; b++) {
    const lastSow = Math.min(plan.sows, (b + 1) * SOWS_PER_SLAB) - 1;
    const lastLot = Math.min(plan.lots, (lastSow + 1) * LOTS_PER_SOW) - 1;
    const at = start + Math.floor((span * lastLot) / plan.lots) + 3 * DAY;
    sim.schedule.add(at, () => {
      slabs.push(melt(sows.slice(b * SOWS_PER_SLAB, (b + 1) * SOWS_PER_SLAB), 'slab', 'Consolidated slab', at));
    }, true);
  }
  const finalAt = sim.yearStart + days.finalDay * DAY;
  sim.schedule.add(finalAt, () => {
    melt(slabs, 'ingot', 'A380 consolidated ingot', finalAt, DEEP_BATCH_ID);
  }, true);
}
