import type { ConcentrationReport } from '../../../schemas/state.js';
import type { ConcentrationCounters } from '../aggregates.js';
import { ALL_MATERIALS, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';

/** SPEC 6: a country is flagged when its share of what a participant received is above 60%. */
export const CONCENTRATION_LIMIT = { numerator: 3n, denominator: 5n };

/** part / whole as a double, exact to the double's precision even when both pass 2^53. */
export function ratio(part: bigint, whole: bigint): number {
  const scaleBits = whole > 2n ** 52n ? BigInt(whole.toString(2).length - 52) : 0n;
  return Number(part >> scaleBits) / Number(whole >> scaleBits);
}

/**
 * Origin-country shares of what `participant` received from others (custody passing to it by
 * `batch.receive`, measured on the composition received), optionally for one constituent (the
 * cobalt in every batch it received); without one, every constituent but `other` (SPEC 4.1).
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
  const receivedG = BigInt(counters.receivedG);
  const byCountry = Object.entries(counters.byCountry)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([country, grams]) => ({ country, grams: BigInt(grams) }));
  // Exact: massG / receivedG > 3/5  <=>  5 * massG > 3 * receivedG.
  const flagged = byCountry
    .filter(({ grams }) => grams * CONCENTRATION_LIMIT.denominator > receivedG * CONCENTRATION_LIMIT.numerator)
    .map(({ country }) => country);
  return {
    participant,
    ...(material !== undefined ? { material } : {}),
    receivedG: receivedG.toString(),
    // Shares are JSON numbers (SPEC 1); a ratio of two BigInts as a double is exact to 1e-15.
    byCountry: byCountry.map(({ country, grams }) => ({ country, massG: grams.toString(), share: receivedG === 0n ? 0 : ratio(grams, receivedG) })),
    flagged,
  };
}
