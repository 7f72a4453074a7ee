import type { DependencyFigures, DependencyReport, LedgerMeta } from '../../../schemas/state.js';
import type { DependencyCounters } from '../aggregates.js';
import { ALL_MATERIALS, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { CONCENTRATION_LIMIT, ratio as bigRatio } from './concentration.js';

/**
 * The UK Critical Minerals Strategy's lines for 2035: no more than 60% of any mineral from one
 * country (the same cap as the concentration report's flag), at least 20% of demand from recycling.
 */
export const DEPENDENCY_LINES = {
  year: 2035,
  singleCountryCap: CONCENTRATION_LIMIT,
  recycledTarget: { numerator: 1n, denominator: 5n },
} as const;

const EMPTY: DependencyCounters = { receivedG: '0', recycledG: '0', byCountry: {} };

/**
 * The national dependency report (SPEC 6, added in 1.1): per material, the origin-country shares
 * of what participants of the home country received from others (the receipts of the
 * concentration report, summed over every home participant) and the recycled share, judged
 * exactly against the 2035 lines.
 *
 * Cost: reads of resident counters only: one for a material, O(materials) for all of them.
 */
export async function dependencyReport(source: StateSource, query: { material?: string | undefined }): Promise<DependencyReport> {
  const meta = (await source.get(stateKeys.ledgerMeta)) as LedgerMeta;
  const materials: DependencyFigures[] = [];
  if (query.material !== undefined) {
    const counters = (await source.get(stateKeys.dependency(query.material))) as DependencyCounters | undefined;
    materials.push(figuresOf(query.material, counters ?? EMPTY));
  } else {
    let all: DependencyFigures | undefined;
    for await (const [key, counters] of source.scan(stateKeys.dependencyPrefix)) {
      const material = key.slice(stateKeys.dependencyPrefix.length);
      const figures = figuresOf(material, counters as DependencyCounters);
      if (material === ALL_MATERIALS) all = figures;
      else materials.push(figures);
    }
    materials.push(all ?? figuresOf(ALL_MATERIALS, EMPTY));
  }
  return {
    homeCountry: meta.homeCountry,
    lines: {
      year: DEPENDENCY_LINES.year,
      maxSingleCountryShare: ratio(DEPENDENCY_LINES.singleCountryCap),
      minRecycledShare: ratio(DEPENDENCY_LINES.recycledTarget),
    },
    materials,
  };
}

function figuresOf(material: string, counters: DependencyCounters): DependencyFigures {
  // Grams are unbounded (SPEC 1): BigInt, given as strings of digits; shares as numbers.
  const receivedG = BigInt(counters.receivedG);
  const recycledG = BigInt(counters.recycledG);
  const byCountry = Object.entries(counters.byCountry)
    .map(([country, grams]) => ({ country, grams: BigInt(grams) }))
    .sort((a, b) => (b.grams > a.grams ? 1 : b.grams < a.grams ? -1 : a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
  const cap = DEPENDENCY_LINES.singleCountryCap;
  const target = DEPENDENCY_LINES.recycledTarget;
  return {
    material,
    receivedG: receivedG.toString(),
    recycledG: recycledG.toString(),
    recycledShare: receivedG === 0n ? 0 : bigRatio(recycledG, receivedG),
    byCountry: byCountry.map(({ country, grams }) => ({ country, massG: grams.toString(), share: receivedG === 0n ? 0 : bigRatio(grams, receivedG) })),
    // Exact, as the concentration flag: massG / receivedG > 3/5  <=>  5 * massG > 3 * receivedG.
    flagged: byCountry.filter(({ grams }) => grams * cap.denominator > receivedG * cap.numerator).map(({ country }) => country),
    meetsRecycledTarget: receivedG > 0n && recycledG * target.denominator >= receivedG * target.numerator,
  };
}

function ratio({ numerator, denominator }: { numerator: bigint; denominator: bigint }): number {
  return Number(numerator) / Number(denominator);
}
