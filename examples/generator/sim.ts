import { HOME_COUNTRY, type Material } from './catalogue.js';
import type { GeneratedParticipant, Kind, Site } from './directory.js';
import type { Emitter, Schedule } from './emitter.js';
import { participantKey, type GeneratedKey } from './keys.js';
import type { Prng } from './prng.js';
import type { World } from './world.js';

/** Milliseconds in an hour and a day. */
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Short material codes for batch ids (`al-scrap-0000042`). */
const MATERIAL_CODE: Record<Material, string> = {
  aluminium: 'al', copper: 'cu', steel: 'fe', platinum: 'pt', palladium: 'pd', 'li-ion-cell': 'cell', 'black-mass': 'bm',
  nickel: 'ni', cobalt: 'co', lithium: 'li', 'nmc811-cathode': 'cam', zinc: 'zn', brass: 'brass',
};

/**
 * Everything a flow needs: the PRNG, the generator's view of state, the emitter, the calendar,
 * and the directory with the mutable parts of each participant (current key, sites).
 */
export class Sim {
  private batchCounter = 0;
  private readonly byId = new Map<string, GeneratedParticipant>();
  private readonly byKind = new Map<Kind, GeneratedParticipant[]>();
  private readonly keys = new Map<string, { n: number; key: GeneratedKey }>();

  constructor(
    readonly seed: string,
    readonly rng: Prng,
    readonly world: World,
    readonly schedule: Schedule,
    readonly participants: GeneratedParticipant[],
    readonly yearStart: number,
    readonly registrar: GeneratedKey,
    private emitterRef?: Emitter,
  ) {
    for (const p of participants) this.addParticipant(p);
  }

  get emitter(): Emitter {
    return this.emitterRef!;
  }

  attach(emitter: Emitter): void {
    this.emitterRef = emitter;
  }

  private addParticipant(p: GeneratedParticipant): void {
    this.byId.set(p.id, p);
    const list = this.byKind.get(p.kind) ?? [];
    list.push(p);
    this.byKind.set(p.kind, list);
    this.keys.set(p.id, { n: 0, key: p.key });
  }

  participant(id: string): GeneratedParticipant {
    return this.byId.get(id)!;
  }

  ofKind(kind: Kind, material?: Material): GeneratedParticipant[] {
    const all = this.byKind.get(kind) ?? [];
    return material === undefined ? all : all.filter((p) => p.materials.includes(material));
  }

  /** A participant of `kind` handling `material`, weighted by capacity; undefined if none. */
  pickOf(kind: Kind, material: Material): GeneratedParticipant | undefined {
    const candidates = this.ofKind(kind, material);
    return candidates.length === 0 ? undefined : this.rng.weighted(candidates, (p) => p.capacity);
  }

  pickSite(p: GeneratedParticipant): Site {
    return this.rng.pick(p.sites);
  }

  /** The key a participant signs with now. */
  keyOf = (id: string): GeneratedKey => (id === 'registrar' ? this.registrar : this.keys.get(id)!.key);

  /** The key a participant would rotate to next. */
  nextKeyOf(id: string): GeneratedKey {
    return participantKey(this.seed, id, this.keys.get(id)!.n + 1);
  }

  /** Moves a participant to its next key, once the participant.keys event is emitted. */
  rotateKey(id: string): void {
    const n = this.keys.get(id)!.n + 1;
    this.keys.set(id, { n, key: participantKey(this.seed, id, n) });
  }

  newBatchId(material: Material, form: string): string {
    return `${MATERIAL_CODE[material]}-${form}-${String(++this.batchCounter).padStart(7, '0')}`;
  }

  isHome(p: GeneratedParticipant): boolean {
    return p.country === HOME_COUNTRY;
  }
}
