import { OTHER_MATERIAL } from '../../schemas/materials.js';
import type { OriginKind, Part } from '../../schemas/primitives.js';

/**
 * The provenance arithmetic of SPEC sections 4 and 4.1. A composition is a list of parts
 * `{ material, kind, country, massG }` sorted by material, kind, then country (byte order), with
 * no zero parts, summing to its batch's mass. Every function here is exact: grams are integers,
 * products that can pass 2^53 are computed in BigInt, and rounding is the largest-remainder rule
 * of the SPEC. A part's material never changes: `scale` works on the whole list.
 */

export type Composition = Part[];

/** Byte order of ASCII strings, which is what SPEC 4 sorts by (and not locale order). */
function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type PartKey = Pick<Part, 'material' | 'kind' | 'country'>;

/** Order of parts: by material, then kind, then country. */
export function compareParts(a: PartKey, b: PartKey): number {
  return compareBytes(a.material, b.material) || compareBytes(a.kind, b.kind) || compareBytes(a.country, b.country);
}

function partKey(part: PartKey): string {
  return `${part.material}/${part.kind}/${part.country}`;
}

/**
 * Merges parts of the same material, kind and country, drops zero parts and sorts: the canonical form.
 * Requires non-negative integer masses whose sum is a safe integer.
 */
export function normalize(parts: readonly Part[]): Composition {
  const merged = new Map<string, Part>();
  for (const part of parts) {
    const key = partKey(part);
    const seen = merged.get(key);
    if (seen) seen.massG += part.massG;
    else merged.set(key, { material: part.material, kind: part.kind, country: part.country, massG: part.massG });
  }
  return [...merged.values()].filter((part) => part.massG > 0).sort(compareParts);
}

/** Sum of the parts. Requires the sum to be a safe integer (it is the mass of one batch). */
export function totalG(parts: readonly Part[]): number {
  let total = 0;
  for (const part of parts) total += part.massG;
  return total;
}

/**
 * `scale(C, t)` of SPEC 4: each part gets floor(c_i * t / T); the grams left over go one each to
 * the parts with the largest remainder (c_i * t mod T), ties to the earlier part.
 * Requires `c` canonical and 0 <= t <= T = totalG(c).
 * @throws RangeError when t is out of range (a caller's bug: the rules check masses first).
 * @example scale([{material:'copper',kind:'post-consumer',country:'GB',massG:1}, {material:'copper',kind:'primary',country:'CL',massG:1}], 1)
 *   // [{ material: 'copper', kind: 'post-consumer', country: 'GB', massG: 1 }]
 */
export function scale(c: readonly Part[], t: number): Composition {
  const total = totalG(c);
  if (!Number.isSafeInteger(t) || t < 0 || t > total) throw new RangeError(`cannot scale ${total} g to ${t} g`);
  if (t === total) return c.map((part) => ({ ...part }));
  const bigT = BigInt(total);
  const bigTarget = BigInt(t);
  const floors: bigint[] = [];
  const remainders: bigint[] = [];
  let assigned = 0n;
  for (const part of c) {
    const product = BigInt(part.massG) * bigTarget;
    floors.push(product / bigT);
    remainders.push(product % bigT);
    assigned += product / bigT;
  }
  // Fewer leftover grams than parts: each sum of floors misses less than one gram per part.
  const leftover = Number(bigTarget - assigned);
  const byRemainder = c
    .map((_, index) => index)
    .sort((i, j) => (remainders[j]! > remainders[i]! ? 1 : remainders[j]! < remainders[i]! ? -1 : i - j));
  for (const index of byRemainder.slice(0, leftover)) floors[index] = floors[index]! + 1n;
  return c
    .map((part, index) => ({ material: part.material, kind: part.kind, country: part.country, massG: Number(floors[index]!) }))
    .filter((part) => part.massG > 0);
}

/** Part-wise sum of two compositions, canonical. */
export function add(a: readonly Part[], b: readonly Part[]): Composition {
  return normalize([...a, ...b]);
}

/**
 * Part-wise `a - b`, canonical. Requires every part of `b` to be covered by `a`.
 * @throws RangeError otherwise (a caller's bug: `b` is always a scale of `a` or checked against it).
 */
export function subtract(a: readonly Part[], b: readonly Part[]): Composition {
  const left = new Map(a.map((part) => [partKey(part), { ...part }]));
  for (const part of b) {
    const from = left.get(partKey(part));
    if (!from || from.massG < part.massG) throw new RangeError(`cannot take ${part.massG} g of ${partKey(part)}`);
    from.massG -= part.massG;
  }
  return normalize([...left.values()]);
}

/**
 * The first part of `b` (in order) that needs more grams than `a` has of its material, kind and
 * country, or undefined when `a` covers `b`.
 */
export function firstShortfall(a: readonly Part[], b: readonly Part[]): Part | undefined {
  const have = new Map(a.map((part) => [partKey(part), part.massG]));
  return b.find((part) => (have.get(partKey(part)) ?? 0) < part.massG);
}

export function isRecycledKind(kind: OriginKind): boolean {
  return kind === 'pre-consumer' || kind === 'post-consumer';
}

/** The parts of constituent `material`. */
export function partsOf(c: readonly Part[], material: string): Composition {
  return c.filter((part) => part.material === material);
}

/** The parts no claim is about left out: what whole-batch figures are over (SPEC 4.1). */
export function withoutOther(c: readonly Part[]): Composition {
  return c.filter((part) => part.material !== OTHER_MATERIAL);
}

/** The figures derived from a composition (SPEC 4), in grams, over `massG` grams. */
export interface CompositionFigures {
  massG: number;
  recycledG: number;
  preConsumerG: number;
  postConsumerG: number;
  homeOriginG: number;
  homeRecycledG: number;
}

/** Figures over exactly the parts given (a caller picks: one constituent, or all but `other`). */
export function figuresOfParts(c: readonly Part[], homeCountry: string): CompositionFigures {
  const figures: CompositionFigures = { massG: 0, recycledG: 0, preConsumerG: 0, postConsumerG: 0, homeOriginG: 0, homeRecycledG: 0 };
  for (const part of c) {
    const home = part.country === homeCountry;
    figures.massG += part.massG;
    if (part.kind === 'pre-consumer') figures.preConsumerG += part.massG;
    if (part.kind === 'post-consumer') figures.postConsumerG += part.massG;
    if (isRecycledKind(part.kind)) figures.recycledG += part.massG;
    if (home) figures.homeOriginG += part.massG;
    if (home && isRecycledKind(part.kind)) figures.homeRecycledG += part.massG;
  }
  return figures;
}

/**
 * SPEC 4.1 figures of a batch: over the grams that are not `other` (for a batch without `other`,
 * its massG, as in 1.0), or over constituent `material` when one is named.
 */
export function figuresOf(c: readonly Part[], homeCountry: string, material?: string): CompositionFigures {
  return figuresOfParts(material === undefined ? withoutOther(c) : partsOf(c, material), homeCountry);
}

/** Figures per constituent, sorted by material, `other` included (it is part of what the batch is). */
export function byMaterial(c: readonly Part[], homeCountry: string): Array<CompositionFigures & { material: string }> {
  const materials = [...new Set(c.map((part) => part.material))].sort(compareBytes);
  return materials.map((material) => ({ material, ...figuresOfParts(partsOf(c, material), homeCountry) }));
}

/**
 * Home-origin recycled grams per constituent, `other` left out: the unit of the retention report,
 * which counts the cobalt in every batch, whatever the batch is.
 */
export function homeRecycledByMaterial(c: readonly Part[], homeCountry: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of withoutOther(c)) {
    if (part.country === homeCountry && isRecycledKind(part.kind)) out.set(part.material, (out.get(part.material) ?? 0) + part.massG);
  }
  return out;
}

/** Home-origin recycled grams of the whole batch, `other` left out. */
export function homeRecycledG(c: readonly Part[], homeCountry: string): number {
  return figuresOf(c, homeCountry).homeRecycledG;
}

/** Grams by origin country, sorted by country, over the parts given. */
export function byCountry(c: readonly Part[]): Array<{ country: string; massG: number }> {
  const totals = new Map<string, number>();
  for (const part of c) totals.set(part.country, (totals.get(part.country) ?? 0) + part.massG);
  return [...totals.entries()]
    .sort(([a], [b]) => compareBytes(a, b))
    .map(([country, massG]) => ({ country, massG }));
}
