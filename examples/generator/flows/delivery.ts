import { HOME_COUNTRY, REJECT_REASONS, RECALL_REASONS } from '../catalogue.js';
import type { GeneratedParticipant } from '../directory.js';
import { receiveBatch, rejectBatch, transferBatch } from '../actions.js';
import { DAY, HOUR, type Sim } from '../sim.js';
import type { GenBatch } from '../world.js';

/**
 * Deliveries: a transfer now, and later the recipient's receive (with the weighbridge's small
 * shortfall as transit loss), its rejection, or the sender's recall. Lorries within the UK take
 * hours, ships from the other side of the world weeks.
 */

const SHORT_SEA = new Set(['NO', 'IS', 'NL', 'BE', 'DE', 'ES', 'FI']);

function transitMs(sim: Sim, from: string, to: string): number {
  if (from === HOME_COUNTRY && to === HOME_COUNTRY) return sim.rng.between(3, 30) * HOUR;
  const other = from === HOME_COUNTRY ? to : from;
  return (SHORT_SEA.has(other) ? sim.rng.between(3, 8) : sim.rng.between(18, 45)) * DAY;
}

/**
 * Sends `batch` (or `splitG` grams of it) to `to` at one of its sites and books the arrival.
 * Returns the batch in transit, or undefined if the budget stopped it.
 */
export function deliver(sim: Sim, batch: GenBatch, to: GeneratedParticipant, at: number, options: { splitG?: number; mandatory?: boolean; site?: string } = {}): GenBatch | undefined {
  const from = sim.participant(batch.custodian);
  const site = options.site ?? sim.pickSite(to).id;
  if (to.id === batch.custodian && site === batch.site) return undefined;
  const mandatory = options.mandatory ?? false;
  const moving = transferBatch(sim, batch, to.id, site, at, options.splitG, mandatory);
  if (!moving) return undefined;
  const toCountry = to.sites.find((s) => s.id === site)!.country;
  const fromCountry = from.sites.find((s) => s.id === batch.site)!.country;
  const arrives = at + transitMs(sim, fromCountry, toCountry);
  sim.schedule.add(arrives, () => arrive(sim, moving, arrives, mandatory), mandatory);
  return moving;
}

function arrive(sim: Sim, batch: GenBatch, at: number, mandatory: boolean): void {
  if (batch.status !== 'in-transit') return;
  const transit = batch.transit!;
  const recipient = sim.participant(transit.to);
  if (!mandatory && transit.from !== transit.to) {
    const r = sim.rng.next();
    if (r < (sim.isHome(recipient) ? 0.015 : 0.004)) {
      rejectBatch(sim, batch, recipient.id, sim.rng.pick(REJECT_REASONS), at);
      return;
    }
    if (r < 0.018) {
      rejectBatch(sim, batch, transit.from, sim.rng.pick(RECALL_REASONS), at);
      return;
    }
  }
  // A composite batch arrives as sent (world.ts: a shortfall would be apportioned part by part).
  receiveBatch(sim, batch, batch.constituents ? transit.massG : receivedMass(sim, transit.massG), at, mandatory);
}

/** Most loads weigh in as sent; the rest a little short (up to 0.4 %), never nothing. */
function receivedMass(sim: Sim, sentG: number): number {
  if (sim.rng.chance(0.55)) return sentG;
  const lossG = Math.floor(sentG * sim.rng.between(0, 0.004));
  return Math.max(1, sentG - lossG);
}
