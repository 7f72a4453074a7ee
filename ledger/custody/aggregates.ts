import { OTHER_MATERIAL } from '../../schemas/materials.js';
import type { BatchState } from '../../schemas/state.js';
import type { Part } from '../../schemas/primitives.js';
import { isRecycledKind, withoutOther } from './composition.js';
import { ALL_MATERIALS, stateKeys } from './keys.js';
import type { StateTx } from './state-tx.js';

/**
 * Counters kept under `agg/` so that reports read a handful of small values instead of scanning
 * the log. Every store keeps `agg/` in memory, so reading and updating them costs no I/O.
 *
 * SPEC 1: aggregates are unbounded. Counters are BigInt, stored as JSON strings of decimal digits,
 * and an update never refuses: one participant registering grams up to some limit must not stop
 * everyone else's valid events (issue 9 item 4). Values written by 1.0 code (JSON numbers) read the
 * same way.
 *
 * Counters are per constituent (SPEC 4.1), so `material=cobalt` counts the cobalt in every batch,
 * whatever the batch is. `other` has conservation counters (it may be created by a transform) but
 * no retention or concentration ones: no claim is about it.
 *
 * Layout (material is a lowercase word, so `_all` never collides with one):
 * - `agg/mass/<material>`: {@link MassTotals}
 * - `agg/ret/<material|_all>/day/<YYYY-MM-DD>` and `agg/ret/<material|_all>/total`: {@link RetentionCounters}
 * - `agg/conc/<participant>/<material|_all>`: {@link ConcentrationCounters}
 * - `agg/dep/<material|_all>`: {@link DependencyCounters}
 */

/** Grams as stored: a string of digits (a number in state written by 1.0 code). */
export type StoredGrams = string | number;

/**
 * Stored counters of fewer than this many digits (under 10^14) and numeric values under 10^15 in
 * magnitude add exactly as doubles: the sum of two values under 10^15 stays under 2^53. Every
 * counter of a real ledger lives here for decades; BigInt arithmetic (a parse and a print per
 * field) is kept for the rest.
 */
const FAST_DIGITS = 15;

/** A stored counter or a delta as a double when that is exact (see FAST_DIGITS), else undefined. */
function smallGrams(value: StoredGrams | bigint | undefined): number | undefined {
  if (value === undefined) return 0;
  if (typeof value === 'number') return Math.abs(value) < 1e15 ? value : undefined;
  if (typeof value === 'string') return value.length < FAST_DIGITS ? Number(value) : undefined;
  return value > -1_000_000_000_000_000n && value < 1_000_000_000_000_000n ? Number(value) : undefined;
}

/** `a + b`, for counters; a negative result is a bug in the rules (withdrawals never exceed what was counted). */
export function addGrams(a: StoredGrams | undefined, b: StoredGrams | bigint): string {
  // Most fields of a delta are 0 (a receipt changes none of the export counters): a stored digit
  // string, written by this function, is then already the answer.
  if (b === 0 && typeof a === 'string') return a;
  const x = smallGrams(a);
  const y = smallGrams(b);
  if (x !== undefined && y !== undefined) {
    const fast = x + y;
    if (fast < 0) throw new RangeError(`a counter would become negative (${fast})`);
    return String(fast);
  }
  const sum = BigInt(a ?? 0) + BigInt(b);
  if (sum < 0n) throw new RangeError(`a counter would become negative (${sum})`);
  return sum.toString();
}

/** Adds maps of grams by key (country); zero entries are dropped. */
function addMap(base: Readonly<Record<string, StoredGrams>>, delta: Readonly<Record<string, StoredGrams>>): Record<string, string> {
  const out: Record<string, string> = {};
  // Stored values are digit strings already (numbers only from 1.0 code): copied, not reparsed.
  // for-in over own JSON members: these run for every receipt, and Object.entries allocates a pair per member.
  for (const key in base) {
    const grams = base[key]!;
    out[key] = typeof grams === 'string' ? grams : BigInt(grams).toString();
  }
  for (const key in delta) {
    const sum = addGrams(out[key], delta[key]!);
    // Zero entries are dropped so that a withdrawn export leaves the bucket as if it never happened.
    if (sum === '0') delete out[key];
    else out[key] = sum;
  }
  return out;
}

/** Grams per constituent of a composition. */
export function gramsByMaterial(c: readonly Part[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of c) out.set(part.material, (out.get(part.material) ?? 0) + part.massG);
  return out;
}

// ---- Conservation: agg/mass/<material> ----

/**
 * Where the grams of one constituent went. For every constituent, at all times:
 * registeredG + createdG = held (active) + in transit + exported (status) + retiredG +
 * transitLossG + processLossG + adjustedG, each counting the constituent's grams in the batches
 * concerned. `createdG` is only ever non-zero for `other` (SPEC 4.1). Exported counts
 * `batch.export` only: material sent to a foreign site is still held, physically, by someone on
 * the ledger.
 */
export interface MassTotals {
  registeredG: string;
  createdG: string;
  exportedG: string;
  retiredG: string;
  transitLossG: string;
  processLossG: string;
  adjustedG: string;
}

const MASS_FIELDS = ['registeredG', 'createdG', 'exportedG', 'retiredG', 'transitLossG', 'processLossG', 'adjustedG'] as const;

export function emptyMassTotals(): MassTotals {
  return { registeredG: '0', createdG: '0', exportedG: '0', retiredG: '0', transitLossG: '0', processLossG: '0', adjustedG: '0' };
}

/** Adds `delta` to the totals of one constituent. */
export function addMassTotals(tx: StateTx, material: string, delta: Partial<Record<keyof MassTotals, bigint | number>>): void {
  const key = stateKeys.massTotals(material);
  const current = (tx.get(key) as Partial<Record<keyof MassTotals, StoredGrams>> | undefined) ?? {};
  const next = emptyMassTotals();
  for (const field of MASS_FIELDS) next[field] = addGrams(current[field], delta[field] ?? 0);
  tx.put(key, next);
}

/** Adds the grams of `parts`, constituent by constituent, to one field of the conservation totals. */
export function addMassOfParts(tx: StateTx, parts: readonly Part[], field: keyof MassTotals): void {
  for (const [material, grams] of gramsByMaterial(parts)) addMassTotals(tx, material, { [field]: grams });
}

// ---- Retention: agg/ret/<material|_all>/day/<YYYY-MM-DD> and /total ----

/** Home-origin recycled grams (SPEC 6 retention report), per constituent and UTC day of `at`. */
export interface RetentionCounters {
  registeredG: string;
  exportedG: string;
  exportedByCountry: Record<string, string>;
  exportedAsScrapG: string;
  exportedAfterProcessingG: string;
  processedAtHomeG: string;
  lostG: string;
}

type RetentionDelta = Partial<Record<Exclude<keyof RetentionCounters, 'exportedByCountry'>, bigint | number>> & {
  exportedByCountry?: Record<string, bigint | number>;
};

export function emptyRetention(): RetentionCounters {
  return { registeredG: '0', exportedG: '0', exportedByCountry: {}, exportedAsScrapG: '0', exportedAfterProcessingG: '0', processedAtHomeG: '0', lostG: '0' };
}

const RETENTION_GRAM_FIELDS = ['registeredG', 'exportedG', 'exportedAsScrapG', 'exportedAfterProcessingG', 'processedAtHomeG', 'lostG'] as const;

/** `a + b`, field by field; used both to update buckets and to sum them in the report. */
export function addRetentionCounters(a: Partial<RetentionCounters>, b: RetentionDelta | RetentionCounters): RetentionCounters {
  const out = emptyRetention();
  for (const field of RETENTION_GRAM_FIELDS) out[field] = addGrams(a[field], b[field] ?? 0);
  const delta: Record<string, StoredGrams> = {};
  for (const [country, grams] of Object.entries(b.exportedByCountry ?? {})) delta[country] = grams.toString();
  out.exportedByCountry = addMap(a.exportedByCountry ?? {}, delta);
  return out;
}

function addRetentionScope(tx: StateTx, scope: string, day: string, delta: RetentionDelta): void {
  for (const key of [stateKeys.retentionDay(scope, day), stateKeys.retentionTotal(scope)]) {
    tx.put(key, addRetentionCounters((tx.get(key) as RetentionCounters | undefined) ?? emptyRetention(), delta));
  }
}

/**
 * Adds, for each constituent of `byMaterial` (home-origin recycled grams per constituent, `other`
 * left out), `delta(grams)` to its day bucket and all-time total, and the sum over constituents
 * to the `_all` scope. A delta may be negative (a rejected transfer withdraws the export it
 * counted), never below 0.
 */
export function addRetention(tx: StateTx, byMaterial: ReadonlyMap<string, number>, day: string, delta: (grams: number) => RetentionDelta): void {
  let all = 0;
  for (const [material, grams] of byMaterial) {
    if (grams === 0 || material === OTHER_MATERIAL) continue;
    addRetentionScope(tx, material, day, delta(grams));
    all += grams;
  }
  if (all !== 0) addRetentionScope(tx, ALL_MATERIALS, day, delta(all));
}

/**
 * Counts (sign 1) or withdraws (sign -1) an export to `country` of the home-origin recycled grams
 * `byMaterial` of a batch. "As scrap" means the exported batch has form `scrap` or never went through
 * a transform (black mass shipped as the recycler registered it is scrap whatever its form says);
 * anything else is "after processing".
 */
export function recordRetentionExport(tx: StateTx, batch: Pick<BatchState, 'form' | 'processed'>, day: string, country: string, byMaterial: ReadonlyMap<string, number>, sign: 1 | -1): void {
  const asScrap = batch.form === 'scrap' || !batch.processed;
  addRetention(tx, byMaterial, day, (grams) => {
    const g = sign * grams;
    return { exportedG: g, exportedByCountry: { [country]: g }, exportedAsScrapG: asScrap ? g : 0, exportedAfterProcessingG: asScrap ? 0 : g };
  });
}

// ---- Concentration: agg/conc/<participant>/<material|_all> ----

export interface ConcentrationCounters {
  receivedG: string;
  byCountry: Record<string, string>;
}

/**
 * Grams of `parts` by origin country, and their total. Plain numbers: the parts are one batch's,
 * whose grams sum to its mass, a safe integer (the counters they are added to are unbounded).
 */
function gramsByCountry(parts: readonly Part[]): { delta: Record<string, number>; totalG: number; recycledG: number } {
  const delta: Record<string, number> = {};
  let totalG = 0;
  let recycledG = 0;
  for (const part of parts) {
    delta[part.country] = (delta[part.country] ?? 0) + part.massG;
    totalG += part.massG;
    if (isRecycledKind(part.kind)) recycledG += part.massG;
  }
  return { delta, totalG, recycledG };
}

function addReceivedScope(tx: StateTx, participant: string, scope: string, parts: readonly Part[]): void {
  const { delta, totalG: receivedG } = gramsByCountry(parts);
  if (receivedG === 0) return;
  const key = stateKeys.concentration(participant, scope);
  const current = (tx.get(key) as Partial<ConcentrationCounters> | undefined) ?? {};
  tx.put(key, { receivedG: addGrams(current.receivedG, receivedG), byCountry: addMap(current.byCountry ?? {}, delta) });
}

/**
 * Adds what `participant` received (a composition) to its concentration counters, by origin
 * country, per constituent and over all constituents but `other` (SPEC 4.1).
 */
export function addReceived(tx: StateTx, participant: string, received: readonly Part[]): void {
  const counted = withoutOther(received);
  for (const material of new Set(counted.map((part) => part.material))) {
    addReceivedScope(tx, participant, material, counted.filter((part) => part.material === material));
  }
  addReceivedScope(tx, participant, ALL_MATERIALS, counted);
}

// ---- National dependency: agg/dep/<material|_all> ----

/** What home participants received from others (SPEC 6 dependency report), by origin country. */
export interface DependencyCounters {
  receivedG: string;
  recycledG: string;
  byCountry: Record<string, string>;
}

function addHomeReceivedScope(tx: StateTx, scope: string, parts: readonly Part[]): void {
  const { delta, totalG: receivedG, recycledG } = gramsByCountry(parts);
  if (receivedG === 0) return;
  const key = stateKeys.dependency(scope);
  const current = (tx.get(key) as Partial<DependencyCounters> | undefined) ?? {};
  tx.put(key, { receivedG: addGrams(current.receivedG, receivedG), recycledG: addGrams(current.recycledG, recycledG), byCountry: addMap(current.byCountry ?? {}, delta) });
}

/**
 * Adds a receipt by a participant of the home country to the national dependency counters, per
 * constituent and over every constituent but `other` (SPEC 4.1): the same receipts as the
 * concentration report, summed over every home participant, plus the recycled grams among them.
 */
export function addHomeReceived(tx: StateTx, received: readonly Part[]): void {
  const counted = withoutOther(received);
  for (const material of new Set(counted.map((part) => part.material))) {
    addHomeReceivedScope(tx, material, counted.filter((part) => part.material === material));
  }
  addHomeReceivedScope(tx, ALL_MATERIALS, counted);
}
