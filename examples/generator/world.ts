import type { OriginKind } from '../../schemas/primitives.js';
import { CONSTITUENTS, type Constituent, type Material } from './catalogue.js';
import type { MassTotals } from '../../ledger/custody/aggregates.js';

/**
 * The generator's own view of custody state, kept in step with every event it emits so that each
 * next event is valid: masses, custodians, sites, statuses, pending transfers. It mirrors the
 * ledger's rules (SPEC 3.2, 4.1) without compositions: a batch remembers its origin only while its
 * composition is a single part, which is all that mass-balance allocation needs here, and a
 * composite batch its grams per constituent. Those are exact only while a composite batch is
 * never cut (the ledger apportions a cut part by part with largest remainders, which a view
 * without parts cannot predict), so composite batches move, leave and are consumed whole, and
 * arrive as sent; the methods below refuse anything else, as a bug in the flows.
 * Batches leave this view when they leave the ledger's live mass (consumed, retired, exported),
 * so memory follows the stock on hand, not the length of the log.
 */

export interface GenBatch {
  id: string;
  material: Material;
  form: string;
  grade?: string;
  massG: number;
  custodian: string;
  site: string;
  status: 'active' | 'in-transit';
  /** Grams per constituent of a composite batch (distinct, summing to massG); absent: all of `material`. */
  constituents?: ConstituentGrams[];
  /** The single part of its composition, while it has only one. */
  origin?: { kind: OriginKind; country: string };
  transit?: { from: string; fromSite: string; to: string; toSite: string; massG: number };
  /** Seq the batch.register entry will have in a fresh ledger (what a correction cites). */
  registeredSeq?: number;
  /** Reserved for the deep-lineage campaign: ordinary flows leave it alone. */
  campaign?: boolean;
  /** When it came into its holder's stock (ms): how long it has waited there. */
  since?: number;
}

export interface ConstituentGrams {
  material: Constituent;
  massG: number;
}

/** A batch's grams per constituent. */
export function constituentsOf(batch: Pick<GenBatch, 'material' | 'massG' | 'constituents'>): ConstituentGrams[] {
  return batch.constituents ?? [{ material: batch.material as Constituent, massG: batch.massG }];
}

/**
 * Where the grams of one constituent went, in the shape of the ledger's agg/mass counters; the
 * generator counts them independently, so tests can compare the two.
 */
export type MassLedger = { [K in keyof MassTotals]: number };

const emptyMass = (): MassLedger => ({ registeredG: 0, createdG: 0, exportedG: 0, retiredG: 0, transitLossG: 0, processLossG: 0, adjustedG: 0 });

/** A set with O(1) add, delete and uniform pick, in a deterministic order. */
export class IndexedSet<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<T, number>();

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    if (this.index.has(item)) return;
    this.index.set(item, this.items.length);
    this.items.push(item);
  }

  delete(item: T): void {
    const i = this.index.get(item);
    if (i === undefined) return;
    const last = this.items.pop()!;
    this.index.delete(item);
    if (i < this.items.length) {
      this.items[i] = last;
      this.index.set(last, i);
    }
  }

  /** The item at `r` in [0, 1) of the set. Requires a non-empty set. */
  at(r: number): T {
    return this.items[Math.floor(r * this.items.length)]!;
  }
}

export class World {
  /** The simulation's clock (ms), set before each task runs. */
  now = 0;
  readonly batches = new Map<string, GenBatch>();
  /** Active batches by `participant|material|form`, oldest first. */
  private readonly stock = new Map<string, Map<string, GenBatch>>();
  /** Every active or in-transit batch, for random picks (attestations). */
  readonly live = new IndexedSet<string>();
  readonly mass: Record<Constituent, MassLedger> = Object.fromEntries(CONSTITUENTS.map((m) => [m, emptyMass()])) as Record<Constituent, MassLedger>;

  /** Active batches a participant holds of `material` in any of `forms`, oldest first. */
  stockOf(participant: string, material: Material, forms: readonly string[]): GenBatch[] {
    const out: GenBatch[] = [];
    for (const form of forms) {
      const held = this.stock.get(`${participant}|${material}|${form}`);
      if (held) for (const batch of held.values()) if (!batch.campaign) out.push(batch);
    }
    return out;
  }

  /** Live grams (active and in transit) per constituent: what conservation compares against. */
  liveMassG(): Record<Constituent, number> {
    const out = Object.fromEntries(CONSTITUENTS.map((m) => [m, 0])) as Record<Constituent, number>;
    for (const batch of this.batches.values()) for (const part of constituentsOf(batch)) out[part.material] += part.massG;
    return out;
  }

  // ---- mutations, one per kind of event, mirroring the ledger's rules ----

  register(batch: GenBatch): void {
    for (const part of constituentsOf(batch)) this.mass[part.material].registeredG += part.massG;
    this.add(batch);
  }

  /** Puts `batch` (or `split` grams of it, as `splitId`) in transit; returns the moving batch. */
  transfer(batch: GenBatch, to: string, toSite: string, split?: { id: string; massG: number }): GenBatch {
    let moving = batch;
    if (split) {
      whole(batch, 'split');
      batch.massG -= split.massG;
      moving = { ...batch, id: split.id, massG: split.massG };
      delete moving.registeredSeq;
      this.batches.set(moving.id, moving);
      this.live.add(moving.id);
    } else {
      this.unstock(batch);
    }
    moving.status = 'in-transit';
    moving.transit = { from: batch.custodian, fromSite: batch.site, to, toSite, massG: moving.massG };
    return moving;
  }

  receive(batch: GenBatch, massG: number): void {
    const transit = batch.transit!;
    if (massG !== transit.massG) {
      whole(batch, 'weighed short');
      this.mass[batch.material as Constituent].transitLossG += transit.massG - massG;
    }
    batch.massG = massG;
    batch.custodian = transit.to;
    batch.site = transit.toSite;
    batch.status = 'active';
    delete batch.transit;
    this.restock(batch);
  }

  reject(batch: GenBatch): void {
    batch.status = 'active';
    delete batch.transit;
    this.restock(batch);
  }

  /**
   * Consumes `massG` of each input and creates the outputs at the actor's site. Per constituent,
   * what the pool held and the outputs did not take is process loss; `other` an output asks for
   * beyond what is left of the pool is created (SPEC 4.1).
   * @throws Error if an output asks for more of a constituent (other than `other`) than is left.
   */
  transform(inputs: ReadonlyArray<{ batch: GenBatch; massG: number }>, outputs: GenBatch[]): void {
    const pool = new Map<Constituent, number>();
    for (const { batch, massG } of inputs) {
      if (massG !== batch.massG) whole(batch, 'consumed in part');
      for (const part of massG === batch.massG ? constituentsOf(batch) : [{ material: batch.material as Constituent, massG }]) {
        pool.set(part.material, (pool.get(part.material) ?? 0) + part.massG);
      }
      batch.massG -= massG;
      if (batch.massG === 0) this.remove(batch);
    }
    for (const output of outputs) {
      for (const { material, massG } of constituentsOf(output)) {
        const left = pool.get(material) ?? 0;
        if (material !== 'other' && massG > left) throw new Error(`generator bug: output ${output.id} takes ${massG} g of ${material}, the pool holds ${left} g`);
        if (massG > left) this.mass.other.createdG += massG - left;
        pool.set(material, Math.max(0, left - massG));
      }
      this.add(output);
    }
    for (const [material, grams] of pool) this.mass[material].processLossG += grams;
  }

  /** Exports the batch, or `split` grams of it; returns the grams that left. */
  export(batch: GenBatch, splitG?: number): number {
    if (splitG === undefined) {
      for (const part of constituentsOf(batch)) this.mass[part.material].exportedG += part.massG;
      this.remove(batch);
      return batch.massG;
    }
    whole(batch, 'split');
    this.mass[batch.material as Constituent].exportedG += splitG;
    batch.massG -= splitG;
    return splitG;
  }

  retire(batch: GenBatch, massG: number): void {
    if (massG === batch.massG) {
      for (const part of constituentsOf(batch)) this.mass[part.material].retiredG += part.massG;
      this.remove(batch);
      return;
    }
    whole(batch, 'retired in part');
    this.mass[batch.material as Constituent].retiredG += massG;
    batch.massG -= massG;
  }

  adjust(batch: GenBatch, massG: number): void {
    whole(batch, 'adjusted');
    this.mass[batch.material as Constituent].adjustedG += batch.massG - massG;
    batch.massG = massG;
  }

  // ---- bookkeeping ----

  private add(batch: GenBatch): void {
    this.batches.set(batch.id, batch);
    this.live.add(batch.id);
    this.restock(batch);
  }

  private remove(batch: GenBatch): void {
    this.unstock(batch);
    this.batches.delete(batch.id);
    this.live.delete(batch.id);
  }

  private restock(batch: GenBatch): void {
    batch.since = this.now;
    const key = `${batch.custodian}|${batch.material}|${batch.form}`;
    let held = this.stock.get(key);
    if (!held) this.stock.set(key, (held = new Map()));
    held.set(batch.id, batch);
  }

  private unstock(batch: GenBatch): void {
    this.stock.get(`${batch.custodian}|${batch.material}|${batch.form}`)?.delete(batch.id);
  }
}

/** Composite batches are never cut (see the class comment): the flows keep them whole. */
function whole(batch: GenBatch, what: string): void {
  if (batch.constituents) throw new Error(`generator bug: composite batch ${batch.id} ${what}`);
}
