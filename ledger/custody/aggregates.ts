import type { Part } from '../../schemas/primitives.js';
import { TallyError } from '../errors.js';
import { byCountry, isRecycledKind } from './composition.js';
import { ALL_MATERIALS, stateKeys } from './keys.js';
import type { StateTx } from './state-tx.js';

/**
 * Counters kept under `agg/` so that reports read a handful of small values instead of scanning
 * the log. Every store keeps `agg/` in memory, so reading and updating them costs no I/O.
 * Counters are JSON numbers of grams; an update that would take one past 2^53-1 is refused
 * (`mass_out_of_range`) rather than silently losing precision. The conservation counters of a
 * material never exceed its registered total, which the same check caps at 2^53-1 g (9 billion
 * tonnes). Export and receipt counters can in principle pass it (material sent abroad, brought
 * back and sent again counts each time), so they are checked on every update too; no realistic
 * ledger comes near.
 *
 * Layout (material is a lowercase word, so `_all` never collides with one):
 * - `agg/mass/<material>`: {@link MassTotals}
 * - `agg/ret/<material|_all>/day/<YYYY-MM-DD>` and `agg/ret/<material|_all>/total`: {@link RetentionCounters}
 * - `agg/conc/<participant>/<material|_all>`: {@link ConcentrationCounters}
 * - `agg/dep/<material|_all>`: {@link DependencyCounters}
 */

/** Refuses a sum beyond the safe range; a negative one is a bug in the rules. */
function checkedAdd(a: number, b: number, what: string): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new TallyError('mass_out_of_range', `${what} would exceed 2^53-1 g`);
  if (sum < 0) throw new RangeError(`${what} would become negative`);
  return sum;
}

/** Adds maps of grams by key (country); zero entries are dropped. */
function addMap(base: Record<string, number>, delta: Record<string, number>, what: string): Record<string, number> {
  const out: Record<string, number> = { ...base };
  for (const [key, grams] of Object.entries(delta)) {
    const sum = checkedAdd(out[key] ?? 0, grams, `${what} ${key}`);
    // Zero entries are dropped so that a withdrawn export leaves the bucket as if it never happened.
    if (sum === 0) delete out[key];
    else out[key] = sum;
  }
  return out;
}

// ---- Conservation: agg/mass/<material> ----

/**
 * Where the grams of one material went. For every material, at all times:
 * registeredG = held (active) + in transit + exported (status) + retiredG + transitLossG +
 * processLossG + adjustedG. Exported counts `batch.export` only: material sent to a foreign site
 * is still held, physically, by someone on the ledger.
 */
export interface MassTotals {
  registeredG: number;
  exportedG: number;
  retiredG: number;
  transitLossG: number;
  processLossG: number;
  adjustedG: number;
}

export const EMPTY_MASS_TOTALS: MassTotals = { registeredG: 0, exportedG: 0, retiredG: 0, transitLossG: 0, processLossG: 0, adjustedG: 0 };

/** @throws TallyError `mass_out_of_range` */
export function addMassTotals(tx: StateTx, material: string, delta: Partial<MassTotals>): void {
  const key = stateKeys.massTotals(material);
  const current = (tx.get(key) as MassTotals | undefined) ?? EMPTY_MASS_TOTALS;
  const next = { ...EMPTY_MASS_TOTALS };
  for (const field of Object.keys(EMPTY_MASS_TOTALS) as Array<keyof MassTotals>) {
    next[field] = checkedAdd(current[field], delta[field] ?? 0, `${material} ${field}`);
  }
  tx.put(key, next);
}

// ---- Retention: agg/ret/<material|_all>/day/<YYYY-MM-DD> and /total ----

/** Home-origin recycled grams (SPEC 6 retention report), per material and UTC day of `at`. */
export interface RetentionCounters {
  registeredG: number;
  exportedG: number;
  exportedByCountry: Record<string, number>;
  exportedAsScrapG: number;
  exportedAfterProcessingG: number;
  processedAtHomeG: number;
  lostG: number;
}

export function emptyRetention(): RetentionCounters {
  return { registeredG: 0, exportedG: 0, exportedByCountry: {}, exportedAsScrapG: 0, exportedAfterProcessingG: 0, processedAtHomeG: 0, lostG: 0 };
}

const RETENTION_GRAM_FIELDS = ['registeredG', 'exportedG', 'exportedAsScrapG', 'exportedAfterProcessingG', 'processedAtHomeG', 'lostG'] as const;

/**
 * `a + b`, field by field; used both to update buckets and to sum them in the report.
 * @throws TallyError `mass_out_of_range`
 */
export function addRetentionCounters(a: RetentionCounters, b: Partial<RetentionCounters>, what = 'retention counter'): RetentionCounters {
  const out = emptyRetention();
  for (const field of RETENTION_GRAM_FIELDS) out[field] = checkedAdd(a[field], b[field] ?? 0, `${what} ${field}`);
  out.exportedByCountry = addMap(a.exportedByCountry, b.exportedByCountry ?? {}, `${what} exported to`);
  return out;
}

/**
 * Adds `delta` to the day bucket and the all-time total of `material` and of all materials.
 * A delta may be negative (a rejected transfer withdraws the export it counted), never below 0.
 * @throws TallyError `mass_out_of_range`
 */
export function addRetention(tx: StateTx, material: string, day: string, delta: Partial<RetentionCounters>): void {
  for (const scope of [material, ALL_MATERIALS]) {
    for (const key of [stateKeys.retentionDay(scope, day), stateKeys.retentionTotal(scope)]) {
      const current = (tx.get(key) as RetentionCounters | undefined) ?? emptyRetention();
      tx.put(key, addRetentionCounters(current, delta, `retention ${key}`));
    }
  }
}

/**
 * Counts (sign 1) or withdraws (sign -1) an export of `homeRecycledG` grams to `country`.
 * "As scrap" means the exported batch has form `scrap`; any other form is "after processing".
 * @throws TallyError `mass_out_of_range`
 */
export function recordRetentionExport(
  tx: StateTx,
  batch: { material: string; form: string },
  day: string,
  country: string,
  homeRecycledG: number,
  sign: 1 | -1,
): void {
  if (homeRecycledG === 0) return;
  const grams = sign * homeRecycledG;
  const asScrap = batch.form === 'scrap';
  addRetention(tx, batch.material, day, {
    exportedG: grams,
    exportedByCountry: { [country]: grams },
    exportedAsScrapG: asScrap ? grams : 0,
    exportedAfterProcessingG: asScrap ? 0 : grams,
  });
}

// ---- Concentration: agg/conc/<participant>/<material|_all> ----

export interface ConcentrationCounters {
  receivedG: number;
  byCountry: Record<string, number>;
}

/**
 * Adds what `participant` received (a composition) to its concentration counters, by origin
 * country, for the material and for all materials.
 * @throws TallyError `mass_out_of_range`
 */
export function addReceived(tx: StateTx, participant: string, material: string, received: readonly Part[]): void {
  const delta: Record<string, number> = {};
  let receivedG = 0;
  for (const { country, massG } of byCountry(received)) {
    delta[country] = massG;
    receivedG += massG;
  }
  for (const scope of [material, ALL_MATERIALS]) {
    const key = stateKeys.concentration(participant, scope);
    const current = (tx.get(key) as ConcentrationCounters | undefined) ?? { receivedG: 0, byCountry: {} };
    tx.put(key, {
      receivedG: checkedAdd(current.receivedG, receivedG, `${key} receivedG`),
      byCountry: addMap(current.byCountry, delta, key),
    });
  }
}

// ---- National dependency: agg/dep/<material|_all> ----

/** What home participants received from others (SPEC 6 dependency report), by origin country. */
export interface DependencyCounters {
  receivedG: number;
  recycledG: number;
  byCountry: Record<string, number>;
}

/**
 * Adds a receipt by a participant of the home country to the national dependency counters of the
 * material and of all materials: the same receipts as the concentration report, summed over every
 * home participant, plus the recycled grams among them.
 * @throws TallyError `mass_out_of_range`
 */
export function addHomeReceived(tx: StateTx, material: string, received: readonly Part[]): void {
  const delta: Record<string, number> = {};
  let receivedG = 0;
  let recycledG = 0;
  for (const part of received) {
    delta[part.country] = (delta[part.country] ?? 0) + part.massG;
    receivedG += part.massG;
    if (isRecycledKind(part.kind)) recycledG += part.massG;
  }
  for (const scope of [material, ALL_MATERIALS]) {
    const key = stateKeys.dependency(scope);
    const current = (tx.get(key) as DependencyCounters | undefined) ?? { receivedG: 0, recycledG: 0, byCountry: {} };
    tx.put(key, {
      receivedG: checkedAdd(current.receivedG, receivedG, `${key} receivedG`),
      recycledG: checkedAdd(current.recycledG, recycledG, `${key} recycledG`),
      byCountry: addMap(current.byCountry, delta, key),
    });
  }
}
