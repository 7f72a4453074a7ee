import type { OriginKind } from '../../schemas/primitives.js';
import type { Material, WasteCode } from './catalogue.js';
import type { Sim } from './sim.js';
import type { ConstituentGrams, GenBatch } from './world.js';

/**
 * One function per event type: each checks the budget, emits the signed event, and only then
 * applies the same change to the generator's view, so the view is always what the ledger holds
 * after the events emitted so far. `mandatory` marks events of sequences that must complete.
 * Each returns undefined (or false) when the budget stopped it.
 */

type Evidence = Array<{ kind: string; sha256: string; uri?: string }>;

export interface LotSpec {
  material: Material;
  form: string;
  grade?: string;
  massG: number;
  /** For a composite batch: distinct constituents summing to massG. */
  constituents?: ConstituentGrams[];
  site: string;
  origin: { kind: OriginKind; country: string };
  supplier?: { kind: 'individual' | 'business'; ref: string };
  evidence?: Evidence;
  campaign?: boolean;
}

export function registerBatch(sim: Sim, actor: string, lot: LotSpec, at: number, mandatory = false): GenBatch | undefined {
  if (!sim.emitter.canEmit(mandatory)) return undefined;
  const id = sim.newBatchId(lot.material, lot.form);
  const seq = sim.emitter.emit(actor, 'batch.register', {
    batch: {
      id, material: lot.material, form: lot.form, ...(lot.grade ? { grade: lot.grade } : {}), massG: lot.massG, site: lot.site,
      ...(lot.constituents ? { constituents: lot.constituents } : {}),
    },
    origin: lot.origin,
    ...(lot.supplier ? { supplier: lot.supplier } : {}),
    ...(lot.evidence ? { evidence: lot.evidence } : {}),
  }, at, mandatory);
  const batch: GenBatch = {
    id, material: lot.material, form: lot.form, massG: lot.massG, custodian: actor, site: lot.site, status: 'active',
    origin: lot.origin, registeredSeq: seq, ...(lot.grade ? { grade: lot.grade } : {}), ...(lot.campaign ? { campaign: true } : {}),
    ...(lot.constituents ? { constituents: lot.constituents } : {}),
  };
  sim.world.register(batch);
  return batch;
}

/** Sends the batch, or `splitG` grams of it as a new batch; returns the batch in transit. */
export function transferBatch(sim: Sim, batch: GenBatch, to: string, toSite: string, at: number, splitG?: number, mandatory = false): GenBatch | undefined {
  if (!sim.emitter.canEmit(mandatory)) return undefined;
  const split = splitG === undefined ? undefined : { id: sim.newBatchId(batch.material, batch.form), massG: splitG };
  sim.emitter.emit(batch.custodian, 'batch.transfer', { batch: batch.id, to, toSite, ...(split ? { split } : {}) }, at, mandatory);
  return sim.world.transfer(batch, to, toSite, split);
}

export function receiveBatch(sim: Sim, batch: GenBatch, massG: number, at: number, mandatory = false): boolean {
  if (!sim.emitter.canEmit(mandatory)) return false;
  sim.emitter.emit(batch.transit!.to, 'batch.receive', { batch: batch.id, massG }, at, mandatory);
  sim.world.receive(batch, massG);
  return true;
}

/** The recipient refuses, or the sender recalls, a batch in transit. */
export function rejectBatch(sim: Sim, batch: GenBatch, actor: string, reason: string, at: number): boolean {
  if (!sim.emitter.canEmit(false)) return false;
  sim.emitter.emit(actor, 'batch.reject', { batch: batch.id, reason }, at);
  sim.world.reject(batch);
  return true;
}

export interface OutputSpec {
  /** A chosen id; otherwise one is numbered. */
  id?: string;
  material: Material;
  form: string;
  grade?: string;
  massG: number;
  /** For a composite output: distinct constituents summing to massG, each within what the pool holds (`other` may be created). */
  constituents?: ConstituentGrams[];
  allocation?: Array<{ kind: OriginKind; country: string; massG: number }>;
}

/**
 * A transform at `site` of `actor`. Requires every input held by the actor at `site`, active,
 * composite inputs consumed whole, and each output constituent within what the pool holds.
 */
export function transformBatches(
  sim: Sim,
  actor: string,
  site: string,
  process: string,
  inputs: Array<{ batch: GenBatch; massG: number }>,
  outputs: OutputSpec[],
  at: number,
  mandatory = false,
): GenBatch[] | undefined {
  if (!sim.emitter.canEmit(mandatory)) return undefined;
  const made: GenBatch[] = outputs.map((o) => {
    const batch: GenBatch = { id: o.id ?? sim.newBatchId(o.material, o.form), material: o.material, form: o.form, massG: o.massG, custodian: actor, site, status: 'active' };
    if (o.grade) batch.grade = o.grade;
    if (o.constituents) batch.constituents = o.constituents;
    const origin = singleOrigin(inputs, o);
    if (origin) batch.origin = origin;
    if (mandatory && inputs.some((i) => i.batch.campaign)) batch.campaign = true;
    return batch;
  });
  sim.emitter.emit(actor, 'batch.transform', {
    process,
    site,
    inputs: inputs.map(({ batch, massG }) => ({ batch: batch.id, massG })),
    outputs: outputs.map((o, i) => ({
      id: made[i]!.id, material: o.material, form: o.form, ...(o.grade ? { grade: o.grade } : {}), massG: o.massG,
      ...(o.constituents ? { constituents: o.constituents } : {}), ...(o.allocation ? { allocation: o.allocation } : {}),
    })),
  }, at, mandatory);
  sim.world.transform(inputs, made);
  return made;
}

/** The one origin of an output, when its composition can only be a single part (never a composite's). */
function singleOrigin(inputs: Array<{ batch: GenBatch }>, output: OutputSpec): GenBatch['origin'] {
  if (output.constituents) return undefined;
  if (output.allocation) return output.allocation.length === 1 ? { kind: output.allocation[0]!.kind, country: output.allocation[0]!.country } : undefined;
  const first = inputs[0]!.batch.origin;
  if (!first) return undefined;
  return inputs.every((i) => i.batch.origin?.kind === first.kind && i.batch.origin.country === first.country) ? { ...first } : undefined;
}

export interface Destination {
  country: string;
  consignee: string;
  facility?: string;
  recoveryCode?: string;
}

export function exportBatch(sim: Sim, batch: GenBatch, destination: Destination, at: number, options: { splitG?: number; wasteCode?: WasteCode; reference?: string } = {}): boolean {
  if (!sim.emitter.canEmit(false)) return false;
  const split = options.splitG === undefined ? undefined : { id: sim.newBatchId(batch.material, batch.form), massG: options.splitG };
  sim.emitter.emit(batch.custodian, 'batch.export', {
    batch: batch.id,
    ...(split ? { split } : {}),
    destination,
    ...(options.wasteCode ? { wasteCode: options.wasteCode } : {}),
    ...(options.reference ? { reference: options.reference } : {}),
  }, at);
  sim.world.export(batch, options.splitG);
  return true;
}

export function retireBatch(sim: Sim, batch: GenBatch, reason: 'incorporated' | 'lost' | 'landfilled', at: number, options: { massG?: number; product?: { sku: string; name: string } } = {}): boolean {
  if (!sim.emitter.canEmit(false)) return false;
  sim.emitter.emit(batch.custodian, 'batch.retire', {
    batch: batch.id,
    ...(options.massG !== undefined ? { massG: options.massG } : {}),
    reason,
    ...(options.product ? { product: options.product } : {}),
  }, at);
  sim.world.retire(batch, options.massG ?? batch.massG);
  return true;
}

export function adjustBatch(sim: Sim, batch: GenBatch, massG: number, reason: string, at: number, options: { corrects?: number; evidence?: Evidence } = {}): boolean {
  if (!sim.emitter.canEmit(false)) return false;
  sim.emitter.emit(batch.custodian, 'batch.adjust', {
    batch: batch.id,
    massG,
    reason,
    ...(options.corrects !== undefined ? { corrects: options.corrects } : {}),
    ...(options.evidence ? { evidence: options.evidence } : {}),
  }, at);
  sim.world.adjust(batch, massG);
  delete batch.registeredSeq; // one correction per weighing
  return true;
}

export function attestBatch(sim: Sim, actor: string, batch: GenBatch, kind: 'assay' | 'certificate' | 'inspection', summary: string, at: number): boolean {
  if (!sim.emitter.canEmit(false)) return false;
  sim.emitter.emit(actor, 'batch.attest', { batch: batch.id, kind, sha256: sim.rng.hex(32), summary }, at);
  return true;
}
