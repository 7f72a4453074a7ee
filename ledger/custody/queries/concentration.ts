import type { ConcentrationReport } from '../../../schemas/state.js';
import type { ConcentrationCounters } from '../aggregates.js';
import { ALL_MATERIALS, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';

/** SPEC 6: a country is flagged when its share of what a participant received is above 60%. */
export const CONCENTRATION_LIMIT = { numerator: 3n, denominator: 5n };

/**
 * Origin-country shares of what `participant` received from others (custody passing to it by
 * `batch.receive`, measured on the composition received), optionally for one material.
 * Undefined for an unknown participant.
 * Cost: two reads, O(countries); the counters are kept by apply.
 */
export async function concentrationReport(
  source: StateSource,
  query: { participant: string; material?: string | undefined },
): Promise<ConcentrationReport | undefined> {
  const { participant, material } = query;
  if ((await source.get(stateKeys.participant(participant))) === undefined) return undefined;
  const counters = ((await source.get(stateKeys.concentration(participant, material ?? ALL_MATERIALS))) as
    | ConcentrationCounters
    | undefined) ?? { receivedG: 0, byCountry: {} };
  const { receivedG } = counters;
  const byCountry = Object.entries(counters.byCountry)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([country, massG]) => ({ country, massG, share: receivedG === 0 ? 0 : massG / receivedG }));
  // Exact: massG / receivedG > 3/5  <=>  5 * massG > 3 * receivedG.
  const flagged = byCountry
    .filter(({ massG }) => BigInt(massG) * CONCENTRATION_LIMIT.denominator > BigInt(receivedG) * CONCENTRATION_LIMIT.numerator)
    .map(({ country }) => country);
  return { participant, ...(material !== undefined ? { material } : {}), receivedG, byCountry, flagged };
}
