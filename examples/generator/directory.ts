import type { Role } from '../../schemas/primitives.js';
import { HOME_COUNTRY, MATERIALS, PROFILES, type Material } from './catalogue.js';
import { participantKey, type GeneratedKey } from './keys.js';
import { FOREIGN_CITIES, slug, UK_TOWNS } from './places.js';
import { Prng } from './prng.js';

/**
 * The participants of a generated year: who they are, what they handle, where their sites are.
 * Drawn from its own PRNG stream (`seed|directory`), so the directory stays the same when the
 * flows change.
 */

export type Kind =
  | 'auditor'
  | 'scrap-yard'
  | 'cat-collector'
  | 'battery-collector'
  | 'trader'
  | 'remelter'
  | 'rod-mill'
  | 'eaf-steelworks'
  | 'pgm-refiner'
  | 'battery-recycler'
  | 'battery-refiner'
  | 'cathode-maker'
  | 'cell-maker'
  | 'brass-mill'
  | 'extruder'
  | 'wire-drawer'
  | 'rebar-fabricator'
  | 'car-maker'
  | 'cable-maker'
  | 'construction'
  | 'catalyst-maker'
  | 'producer'
  | 'foreign-buyer'
  | 'campaign-remelter';

export interface Site {
  id: string;
  name: string;
  country: string;
}

export interface GeneratedParticipant {
  id: string;
  name: string;
  kind: Kind;
  roles: Role[];
  country: string;
  sites: Site[];
  materials: Material[];
  /** Relative size: how much of its kind's trade it takes. */
  capacity: number;
  /** Its registration key; see {@link participantKey} for keys it rotates to during the year. */
  key: GeneratedKey;
}

interface KindSpec {
  roles: Role[];
  materials: readonly Material[];
  /** Share of the directory, and the least number of this kind. */
  share: number;
  min: number;
  names: readonly string[];
}

const NON_FERROUS_AND_STEEL: readonly Material[] = ['steel', 'aluminium', 'copper'];
const PGMS: readonly Material[] = ['platinum', 'palladium'];

const KINDS: Record<Exclude<Kind, 'producer' | 'foreign-buyer' | 'campaign-remelter'>, KindSpec> = {
  auditor: { roles: ['auditor'], materials: [], share: 0.013, min: 1, names: ['Metals Assurance', 'Chain of Custody Audit', 'Assay and Inspection Services'] },
  'scrap-yard': { roles: ['recycler'], materials: NON_FERROUS_AND_STEEL, share: 0.4, min: 3, names: ['Metals', 'Metal Recycling', 'Scrap Metals', 'Recycling', 'Salvage', 'Ferrous and Non-Ferrous'] },
  'cat-collector': { roles: ['recycler'], materials: PGMS, share: 0.05, min: 1, names: ['Catalyst Recovery', 'Cat Converter Recycling'] },
  'battery-collector': { roles: ['recycler'], materials: ['li-ion-cell'], share: 0.027, min: 1, names: ['Battery Collection', 'EV Battery Recovery'] },
  trader: { roles: ['trader'], materials: NON_FERROUS_AND_STEEL, share: 0.04, min: 1, names: ['Metal Trading', 'Metals Brokers', 'Commodities'] },
  remelter: { roles: ['recycler', 'processor'], materials: ['aluminium'], share: 0.023, min: 1, names: ['Aluminium Remelt', 'Secondary Aluminium', 'Alloys'] },
  'rod-mill': { roles: ['recycler', 'processor'], materials: ['copper'], share: 0.013, min: 1, names: ['Copper Rod', 'Copper Refining'] },
  'eaf-steelworks': { roles: ['recycler', 'processor'], materials: ['steel'], share: 0.013, min: 1, names: ['Electric Steel', 'Steel Melt Shop'] },
  'pgm-refiner': { roles: ['recycler', 'processor'], materials: PGMS, share: 0.007, min: 1, names: ['Precious Metals Refining'] },
  'battery-recycler': { roles: ['recycler', 'processor'], materials: ['li-ion-cell', 'black-mass'], share: 0.01, min: 1, names: ['Battery Recycling', 'Black Mass Recovery'] },
  'battery-refiner': { roles: ['processor'], materials: ['black-mass', 'nickel', 'cobalt', 'lithium'], share: 0.007, min: 1, names: ['Battery Metals Refining', 'Hydrometallurgy'] },
  'cathode-maker': { roles: ['processor', 'manufacturer'], materials: ['nickel', 'cobalt', 'lithium', 'nmc811-cathode'], share: 0.007, min: 1, names: ['Cathode Materials', 'Battery Materials'] },
  'cell-maker': { roles: ['manufacturer'], materials: ['nmc811-cathode', 'li-ion-cell'], share: 0.01, min: 1, names: ['Battery Cells', 'Gigafactory'] },
  'brass-mill': { roles: ['recycler', 'processor'], materials: ['copper', 'zinc', 'brass'], share: 0.007, min: 1, names: ['Brass Mill', 'Brass Rod'] },
  extruder: { roles: ['fabricator'], materials: ['aluminium'], share: 0.04, min: 1, names: ['Extrusions', 'Aluminium Profiles'] },
  'wire-drawer': { roles: ['fabricator'], materials: ['copper'], share: 0.027, min: 1, names: ['Wire', 'Conductors'] },
  'rebar-fabricator': { roles: ['fabricator'], materials: ['steel'], share: 0.04, min: 1, names: ['Reinforcement', 'Rebar Fabrication'] },
  'car-maker': { roles: ['manufacturer'], materials: ['aluminium', 'platinum', 'palladium', 'li-ion-cell'], share: 0.027, min: 1, names: ['Motor Manufacturing', 'Vehicle Assembly'] },
  'cable-maker': { roles: ['manufacturer'], materials: ['copper'], share: 0.02, min: 1, names: ['Cables'] },
  construction: { roles: ['manufacturer'], materials: ['steel', 'brass'], share: 0.04, min: 1, names: ['Construction', 'Civil Engineering', 'Precast'] },
  'catalyst-maker': { roles: ['manufacturer'], materials: PGMS, share: 0.01, min: 1, names: ['Emission Catalysts'] },
};

/** Countries foreign buyers are in, with what they buy. */
const BUYER_COUNTRIES: Record<string, readonly Material[]> = {
  TR: ['steel', 'aluminium'], EG: ['steel'], PK: ['steel', 'copper'], BD: ['steel'], IN: ['steel', 'aluminium', 'copper'],
  VN: ['steel'], ES: ['steel', 'aluminium'], NL: ['aluminium', 'copper'], DE: ['aluminium', 'copper', 'platinum', 'palladium'],
  BE: ['copper', 'platinum', 'palladium'], CN: ['copper', 'aluminium'], MY: ['aluminium'], KR: ['copper', 'steel'],
};

/** The least directory size the generator supports: one of every kind, with room for yards. */
export const MIN_PARTICIPANTS = 40;

/**
 * Builds a directory of `count` participants (>= MIN_PARTICIPANTS). Every kind is present; scrap
 * yards take whatever the shares leave over, as they are most of the trade.
 */
export function buildDirectory(seed: string, count: number): GeneratedParticipant[] {
  if (!Number.isSafeInteger(count) || count < MIN_PARTICIPANTS) throw new RangeError(`participants must be an integer >= ${MIN_PARTICIPANTS}`);
  const rng = new Prng(`${seed}|directory`);
  const out: GeneratedParticipant[] = [];
  const add = (kind: Kind, spec: { roles: Role[]; materials: readonly Material[]; names: readonly string[] }, country: string, place: string, sites: Site[]) => {
    const name = `${place} ${rng.pick(spec.names)}${country === HOME_COUNTRY ? ' Ltd' : ''}`;
    const id = `${slug(name.replace(/ Ltd$/, ''))}-${String(out.length + 1).padStart(3, '0')}`;
    out.push({ id, name, kind, roles: [...spec.roles], country, sites, materials: [...spec.materials], capacity: rng.logUniform(1, 20), key: participantKey(seed, id) });
  };

  const producers = producerSlots();
  const buyerCountries = Object.keys(BUYER_COUNTRIES);
  const buyers = Math.max(3, Math.round(count * 0.1));
  const ukKinds = Object.entries(KINDS) as Array<[keyof typeof KINDS, KindSpec]>;
  const counts = new Map(ukKinds.map(([kind, spec]) => [kind, Math.max(spec.min, Math.round(spec.share * count))]));
  const fixed = [...counts.values()].reduce((a, b) => a + b, 0) - counts.get('scrap-yard')! + producers.length + buyers;
  counts.set('scrap-yard', Math.max(KINDS['scrap-yard'].min, count - fixed));

  for (const [kind, spec] of ukKinds) {
    for (let i = 0; i < counts.get(kind)!; i++) {
      const town = rng.pick(UK_TOWNS);
      const siteCount = kind === 'auditor' ? 0 : kind === 'scrap-yard' ? rng.weighted([1, 2, 3], (n) => [6, 3, 1][n - 1]!) : 1;
      const towns = [town, ...Array.from({ length: siteCount - 1 }, () => rng.pick(UK_TOWNS))];
      const sites = dedupeSites(towns.slice(0, siteCount).map((t) => ({ id: slug(t), name: `${t} ${siteName(kind)}`, country: HOME_COUNTRY })));
      const materials = kind === 'scrap-yard' || kind === 'trader' ? pickSome(rng, spec.materials) : spec.materials;
      add(kind, { ...spec, materials }, HOME_COUNTRY, town, sites);
    }
  }
  for (const { material, country } of producers) {
    const city = rng.pick(FOREIGN_CITIES[country]!);
    const roles: Role[] = ['mine', 'processor'];
    add('producer', { roles, materials: [material], names: [material === 'aluminium' || material === 'steel' ? 'Smelter' : 'Mining and Refining'] }, country, city, [
      { id: slug(city), name: `${city} works`, country },
    ]);
  }
  for (let i = 0; i < buyers; i++) {
    const country = buyerCountries[i % buyerCountries.length]!;
    const city = rng.pick(FOREIGN_CITIES[country]!);
    add('foreign-buyer', { roles: ['processor', 'trader'], materials: BUYER_COUNTRIES[country]!, names: ['Metal Works', 'Recycling Industries', 'Metals Trading'] }, country, city, [
      { id: slug(city), name: `${city} plant`, country },
    ]);
  }
  return out;
}

/** One producer for every (material, country) an import profile names. */
function producerSlots(): Array<{ material: Material; country: string }> {
  const slots: Array<{ material: Material; country: string }> = [];
  for (const material of MATERIALS) {
    for (const profile of PROFILES[material].imports) for (const country of profile.countries) {
      if (!slots.some((s) => s.material === material && s.country === country)) slots.push({ material, country });
    }
  }
  return slots;
}

function pickSome(rng: Prng, materials: readonly Material[]): Material[] {
  const chosen = materials.filter(() => rng.chance(0.7));
  return chosen.length > 0 ? chosen : [rng.pick(materials)];
}

function siteName(kind: Kind): string {
  if (kind === 'scrap-yard' || kind === 'cat-collector' || kind === 'battery-collector') return 'yard';
  if (kind === 'trader') return 'warehouse';
  if (kind === 'construction') return 'site depot';
  return 'works';
}

/** Two sites in one town get distinct ids (`leeds`, `leeds-2`). */
function dedupeSites(sites: Site[]): Site[] {
  const seen = new Map<string, number>();
  return sites.map((site) => {
    const n = (seen.get(site.id) ?? 0) + 1;
    seen.set(site.id, n);
    return n === 1 ? site : { ...site, id: `${site.id}-${n}`, name: `${site.name} ${n}` };
  });
}
