// The figures a UNTP passport states (SPEC 6.3), computed from a batch's composition alone, so
// that the server that writes a passport and the verifier that checks it against a bundle compute
// them with the same code from the same parts. Composition parts carry a `material` from protocol
// 1.1 (constituents, SPEC 4.1); a part without one is of the batch's own material.

import { OTHER_MATERIAL } from '../../../schemas/materials.js';
import { kilogramsOfGrams } from '../epcis/identifiers.js';

/** A composition part as protocol 1.0 (no material) and 1.1 (with material) write it. */
export interface CompositionPart {
  material?: string;
  kind: 'primary' | 'pre-consumer' | 'post-consumer';
  country: string;
  massG: number;
}

export interface PassportBatch {
  id: string;
  material: string;
  massG: number;
  composition: readonly CompositionPart[];
}

export interface UntpMaterial {
  type: ['Material'];
  name: string;
  originCountry: string;
  massFraction: number;
  recycledMassFraction: number;
  mass: { type: ['Measure']; value: number; unit: 'KGM' };
}

/** The constituent no claim is about (SPEC 4.1): left out of every figure. */
const OTHER = OTHER_MATERIAL;

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const isRecycled = (kind: CompositionPart['kind']): boolean => kind === 'pre-consumer' || kind === 'post-consumer';

export const materialOf = (batch: PassportBatch, part: CompositionPart): string => part.material ?? batch.material;

/** Grams of the batch that are not `other`: the denominator of every whole-batch share. */
export function claimableGrams(batch: PassportBatch): number {
  return batch.composition.filter((p) => materialOf(batch, p) !== OTHER).reduce((sum, p) => sum + p.massG, 0);
}

/**
 * `materialsProvenance`: one Material per (constituent, origin country), `other` left out, in
 * the parts' order (material, then country, byte order).
 */
export function materialsProvenanceOf(batch: PassportBatch): UntpMaterial[] {
  const whole = claimableGrams(batch);
  const groups = new Map<string, { material: string; country: string; massG: number; recycledG: number }>();
  for (const part of batch.composition) {
    const material = materialOf(batch, part);
    if (material === OTHER) continue;
    const key = `${material}\u0000${part.country}`;
    const g = groups.get(key) ?? { material, country: part.country, massG: 0, recycledG: 0 };
    g.massG += part.massG;
    if (isRecycled(part.kind)) g.recycledG += part.massG;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => byteOrder(a.material, b.material) || byteOrder(a.country, b.country))
    .map((g) => ({
      type: ['Material'],
      name: g.material,
      originCountry: g.country,
      massFraction: whole === 0 ? 0 : g.massG / whole,
      recycledMassFraction: g.massG === 0 ? 0 : g.recycledG / g.massG,
      mass: { type: ['Measure'], value: kilogramsOfGrams(g.massG), unit: 'KGM' },
    }));
}

/** Grams of one constituent, split by origin kind. */
export function constituentGrams(batch: PassportBatch, material: string): { massG: number; preConsumerG: number; postConsumerG: number } {
  const out = { massG: 0, preConsumerG: 0, postConsumerG: 0 };
  for (const part of batch.composition) {
    if (materialOf(batch, part) !== material) continue;
    out.massG += part.massG;
    if (part.kind === 'pre-consumer') out.preConsumerG += part.massG;
    if (part.kind === 'post-consumer') out.postConsumerG += part.massG;
  }
  return out;
}
