/**
 * Reference data of the generated UK metals year: what each material looks like at each stage,
 * how big its lots are, where it is imported from and exported to, and under which waste codes.
 * Figures are plausible orders of magnitude, not statistics. Masses of platinum, palladium,
 * nickel, lithium and cobalt are contained metal (what provenance is about), not gross weight.
 * Battery scrap, black mass, cathode, cells and brass hold several constituents (SPEC 4.1).
 */

/** What batches are (a batch's own `material`): what participants handle and stock is kept by. */
export const MATERIALS = [
  'aluminium', 'copper', 'steel', 'platinum', 'palladium',
  'li-ion-cell', 'black-mass', 'nickel', 'cobalt', 'lithium', 'nmc811-cathode', 'zinc', 'brass',
] as const;
export type Material = (typeof MATERIALS)[number];

/**
 * What mass is counted in (the ledger's `agg/mass/<constituent>`): every single-material batch's
 * material, and the constituents of the composite ones; `other` is oxygen, electrolyte, casing.
 */
export const CONSTITUENTS = ['aluminium', 'copper', 'steel', 'platinum', 'palladium', 'nickel', 'cobalt', 'lithium', 'manganese', 'zinc', 'other'] as const;
export type Constituent = (typeof CONSTITUENTS)[number];

/** Materials whose batches always carry several constituents. */
export const COMPOSITES: ReadonlySet<Material> = new Set(['li-ion-cell', 'black-mass', 'nmc811-cathode', 'brass']);

export const HOME_COUNTRY = 'GB';

/** Grams in a kilogram and a tonne. */
export const KG = 1_000;
export const T = 1_000_000;

export interface ImportProfile {
  form: string;
  grade: string;
  countries: readonly string[];
  /** Lot size in grams, log-uniform. */
  lotG: readonly [number, number];
}

export interface WasteCode {
  scheme: 'basel' | 'ewc' | 'oecd';
  code: string;
}

export interface MaterialProfile {
  material: Material;
  /** Share of scrap lots registered in the UK. */
  lotShare: number;
  postConsumerGrades: readonly string[];
  preConsumerGrades: readonly string[];
  /** Scrap lot size in grams, log-uniform. */
  lotG: readonly [number, number];
  /** A load worth sending on its own (a lorry, a drum): smaller stock waits to be pooled or aged. */
  shipG: number;
  /** Share of post-consumer lots bought from members of the public (Scrap Metal Dealers Act s.13). */
  individualShare: number;
  preConsumerShare: number;
  /** Share of a yard's dispatches that leave the UK (by batch.export or to a foreign buyer). */
  exportShare: number;
  wasteCodes: readonly WasteCode[];
  exportCountries: readonly string[];
  imports: readonly ImportProfile[];
}

const BATTERY_WASTE: readonly WasteCode[] = [{ scheme: 'basel', code: 'A1170' }, { scheme: 'ewc', code: '16 06 05' }, { scheme: 'ewc', code: '19 12 11' }];

/** A material no yard weighs in as scrap: made by a transform or imported. */
function processed(material: Material, shipG: number, exportCountries: string[], wasteCodes: readonly WasteCode[], imports: ImportProfile[] = []): MaterialProfile {
  return {
    material, lotShare: 0, postConsumerGrades: [], preConsumerGrades: [], lotG: [shipG, shipG], shipG,
    individualShare: 0, preConsumerShare: 0, exportShare: 0, wasteCodes, exportCountries, imports,
  };
}

export const PROFILES: Record<Material, MaterialProfile> = {
  aluminium: {
    material: 'aluminium',
    lotShare: 0.25,
    postConsumerGrades: ['UBC', 'Taint/Tabor', 'Zorba', 'Old cast', 'Old rolled', 'Tense'],
    preConsumerGrades: ['New production offcuts', 'Turnings', 'Litho sheet'],
    lotG: [400 * KG, 24 * T],
    shipG: 10 * T,
    individualShare: 0.12,
    preConsumerShare: 0.18,
    exportShare: 0.35,
    wasteCodes: [{ scheme: 'basel', code: 'B1010' }, { scheme: 'ewc', code: '17 04 02' }, { scheme: 'ewc', code: '19 12 03' }],
    exportCountries: ['NL', 'DE', 'IN', 'MY', 'TR', 'ES', 'PK'],
    imports: [{ form: 'ingot', grade: 'P1020A', countries: ['NO', 'IS', 'CA'], lotG: [20 * T, 400 * T] }],
  },
  copper: {
    material: 'copper',
    lotShare: 0.22,
    postConsumerGrades: ['Bright wire (Barley)', 'No.2 (Birch/Cliff)', 'Braziery', 'Insulated cable'],
    preConsumerGrades: ['New production (Millberry)', 'Busbar offcuts'],
    lotG: [150 * KG, 12 * T],
    shipG: 5 * T,
    individualShare: 0.18,
    preConsumerShare: 0.14,
    exportShare: 0.5,
    wasteCodes: [{ scheme: 'basel', code: 'B1010' }, { scheme: 'ewc', code: '17 04 01' }],
    exportCountries: ['CN', 'IN', 'DE', 'BE', 'KR', 'PK'],
    imports: [{ form: 'cathode', grade: 'Grade A cathode', countries: ['CL', 'PE'], lotG: [50 * T, 500 * T] }],
  },
  steel: {
    material: 'steel',
    lotShare: 0.36,
    postConsumerGrades: ['HMS 1&2 80:20', 'Shredded', 'Plate and structural', 'Old cast iron'],
    preConsumerGrades: ['New production bushelling', 'Turnings'],
    lotG: [4 * T, 120 * T],
    shipG: 25 * T,
    individualShare: 0.06,
    preConsumerShare: 0.2,
    exportShare: 0.6,
    wasteCodes: [{ scheme: 'basel', code: 'B1010' }, { scheme: 'ewc', code: '17 04 05' }, { scheme: 'ewc', code: '19 12 02' }],
    exportCountries: ['TR', 'EG', 'PK', 'BD', 'IN', 'VN', 'ES'],
    imports: [{ form: 'slab', grade: 'S355J2 slab', countries: ['NL', 'KR'], lotG: [200 * T, 2000 * T] }],
  },
  platinum: {
    material: 'platinum',
    lotShare: 0.05,
    postConsumerGrades: ['Autocatalyst (decanned)', 'Spent process catalyst'],
    preConsumerGrades: ['Coating line residue'],
    lotG: [40, 3 * KG],
    shipG: 2 * KG,
    individualShare: 0.3,
    preConsumerShare: 0.05,
    exportShare: 0.25,
    wasteCodes: [{ scheme: 'basel', code: 'B1120' }, { scheme: 'ewc', code: '16 08 01' }],
    exportCountries: ['BE', 'DE', 'US'],
    imports: [{ form: 'sponge', grade: '99.95% Pt sponge', countries: ['ZA', 'ZW'], lotG: [5 * KG, 80 * KG] }],
  },
  palladium: {
    material: 'palladium',
    lotShare: 0.04,
    postConsumerGrades: ['Autocatalyst (decanned)', 'Dental alloy scrap'],
    preConsumerGrades: ['Coating line residue'],
    lotG: [40, 4 * KG],
    shipG: 2 * KG,
    individualShare: 0.3,
    preConsumerShare: 0.05,
    exportShare: 0.25,
    wasteCodes: [{ scheme: 'basel', code: 'B1120' }, { scheme: 'ewc', code: '16 08 01' }],
    exportCountries: ['BE', 'DE', 'US'],
    imports: [{ form: 'sponge', grade: '99.95% Pd sponge', countries: ['ZA', 'CA'], lotG: [5 * KG, 80 * KG] }],
  },
  // Spent cells and modules, weighed in by battery collectors (contained metal plus `other`).
  'li-ion-cell': {
    ...processed('li-ion-cell', 1 * T, ['KR', 'DE'], BATTERY_WASTE),
    lotShare: 0.06,
    postConsumerGrades: ['Spent EV battery modules', 'Portable Li-ion batteries'],
    preConsumerGrades: [],
    lotG: [50 * KG, 2 * T],
    exportShare: 0.25,
  },
  'black-mass': processed('black-mass', 2 * T, ['KR', 'DE', 'CN'], BATTERY_WASTE),
  nickel: processed('nickel', 5 * T, ['DE', 'FI'], [], [
    { form: 'mhp', grade: 'Mixed hydroxide precipitate (contained Ni)', countries: ['ID'], lotG: [20 * T, 120 * T] },
    { form: 'sulphate', grade: 'Nickel sulphate (contained Ni)', countries: ['AU'], lotG: [5 * T, 40 * T] },
  ]),
  cobalt: processed('cobalt', 1 * T, ['FI', 'BE'], [], [{ form: 'hydroxide', grade: 'Cobalt hydroxide (contained Co)', countries: ['CD'], lotG: [2 * T, 20 * T] }]),
  lithium: processed('lithium', 1 * T, ['DE', 'BE'], [], [
    { form: 'hydroxide', grade: 'Battery-grade LiOH.H2O (contained Li)', countries: ['AU'], lotG: [1 * T, 10 * T] },
    { form: 'carbonate', grade: 'Battery-grade Li2CO3 (contained Li)', countries: ['CL'], lotG: [1 * T, 10 * T] },
  ]),
  'nmc811-cathode': processed('nmc811-cathode', 5 * T, ['DE', 'KR'], []),
  zinc: processed('zinc', 10 * T, ['NL', 'DE'], [], [{ form: 'ingot', grade: 'SHG zinc 99.995', countries: ['PE'], lotG: [20 * T, 100 * T] }]),
  brass: processed('brass', 10 * T, ['DE', 'NL', 'IN'], []),
};

/** Consignees named in `batch.export` destinations (none of them on the ledger), with what they take. */
export const CONSIGNEES: ReadonlyArray<{ country: string; name: string; materials: readonly Material[] }> = [
  { country: 'NL', name: 'Rotterdam Non-Ferrous Recovery B.V.', materials: ['aluminium', 'copper'] },
  { country: 'NL', name: 'Moerdijk Alloys B.V.', materials: ['aluminium'] },
  { country: 'DE', name: 'Ruhr Metallhuette GmbH', materials: ['aluminium', 'copper'] },
  { country: 'DE', name: 'Hamburg Kupferwerk GmbH', materials: ['copper', 'platinum', 'palladium'] },
  { country: 'DE', name: 'Bitterfeld Batterie-Recycling GmbH', materials: ['li-ion-cell', 'black-mass', 'lithium', 'nmc811-cathode'] },
  { country: 'BE', name: 'Hoboken Precious Metals NV', materials: ['copper', 'platinum', 'palladium', 'cobalt', 'lithium'] },
  { country: 'BE', name: 'Olen Refining NV', materials: ['copper', 'cobalt'] },
  { country: 'BE', name: 'Antwerp Battery Materials NV', materials: ['lithium', 'cobalt'] },
  { country: 'DE', name: 'Stolberg Messingwerk GmbH', materials: ['brass', 'zinc'] },
  { country: 'NL', name: 'Budel Zinc Trading B.V.', materials: ['zinc', 'brass'] },
  { country: 'DE', name: 'Hanau Nickel GmbH', materials: ['nickel'] },
  { country: 'FI', name: 'Kokkola Nickel Refining Oy', materials: ['nickel'] },
  { country: 'ES', name: 'Siderurgica del Cantabrico S.A.', materials: ['steel'] },
  { country: 'ES', name: 'Aluminios del Valles S.L.', materials: ['aluminium'] },
  { country: 'TR', name: 'Aliaga Celik A.S.', materials: ['steel'] },
  { country: 'TR', name: 'Iskenderun Demir Dokum A.S.', materials: ['steel'] },
  { country: 'TR', name: 'Marmara Aluminyum A.S.', materials: ['aluminium'] },
  { country: 'EG', name: 'Alexandria Rolling Mills S.A.E.', materials: ['steel'] },
  { country: 'EG', name: 'Suez Steel Co.', materials: ['steel'] },
  { country: 'PK', name: 'Karachi Re-Rolling Mills (Pvt) Ltd', materials: ['steel'] },
  { country: 'PK', name: 'Lahore Non-Ferrous (Pvt) Ltd', materials: ['aluminium', 'copper'] },
  { country: 'BD', name: 'Chattogram Steel Mills Ltd', materials: ['steel'] },
  { country: 'IN', name: 'Gujarat Secondary Metals Pvt Ltd', materials: ['aluminium', 'steel'] },
  { country: 'IN', name: 'Chennai Alloy Castings Pvt Ltd', materials: ['aluminium'] },
  { country: 'IN', name: 'Pune Copper Refinery Pvt Ltd', materials: ['copper', 'brass'] },
  { country: 'VN', name: 'Hai Phong Steel JSC', materials: ['steel'] },
  { country: 'CN', name: 'Ningbo Copper Recycling Co Ltd', materials: ['copper'] },
  { country: 'CN', name: 'Jiangmen Battery Materials Co Ltd', materials: ['black-mass'] },
  { country: 'MY', name: 'Klang Aluminium Recovery Sdn Bhd', materials: ['aluminium'] },
  { country: 'KR', name: 'Ulsan Battery Recycling Co', materials: ['li-ion-cell', 'black-mass', 'nmc811-cathode', 'copper'] },
    { country: 'FI', name: 'Harjavalta Cobalt Refining Oy', materials: ['cobalt', 'nickel'] },
  { country: 'US', name: 'Montana Precious Metals Refining Inc', materials: ['platinum', 'palladium'] },
];

export const RECOVERY_CODES = ['R4', 'R4', 'R4', 'R12', 'R13'] as const;

export const REJECT_REASONS = [
  'radiation portal alarm at the gatehouse',
  'contaminated with non-metallic material above the contract limit',
  'moisture content above specification',
  'grade not as described on the delivery note',
  'chemistry out of specification on the receiving assay',
  'sealed containers not permitted under site rules',
] as const;

export const RECALL_REASONS = ['shipment recalled by the sender: wrong load dispatched', 'shipment recalled: buyer credit hold'] as const;

export const ADJUST_REASONS = [
  'weighbridge over-read found at calibration',
  'tare weight of the vehicle corrected',
  'reweighed on the certified scale',
  'moisture deduction agreed with the supplier',
] as const;

export const CAR_MODELS: ReadonlyArray<{ sku: string; name: string }> = [
  { sku: 'car-hatch-ev-2025', name: 'Compact hatchback EV, model year 2025' },
  { sku: 'car-suv-phev-2025', name: 'Mid-size SUV plug-in hybrid, model year 2025' },
  { sku: 'car-saloon-ev-2026', name: 'Saloon EV, model year 2026' },
  { sku: 'van-ev-2025', name: 'Light commercial van EV, model year 2025' },
];

export const CABLE_PRODUCTS: ReadonlyArray<{ sku: string; name: string }> = [
  { sku: 'cable-swa-3c-95', name: 'Armoured power cable 3-core 95 mm2' },
  { sku: 'cable-6242y-2.5', name: 'Twin and earth building wire 2.5 mm2' },
  { sku: 'cable-mv-11kv-300', name: 'Medium-voltage cable 11 kV 300 mm2' },
];

export const BATTERY_PACKS: ReadonlyArray<{ sku: string; name: string }> = [
  { sku: 'pack-ev-75kwh', name: 'EV battery pack 75 kWh' },
  { sku: 'pack-bess-2mwh', name: 'Grid storage module 2 MWh' },
];

export const CONSTRUCTION_PROJECTS: ReadonlyArray<{ sku: string; name: string }> = [
  { sku: 'proj-m6-viaduct', name: 'Motorway viaduct deck, reinforced concrete' },
  { sku: 'proj-leeds-office', name: 'Office block frame, Leeds' },
  { sku: 'proj-bristol-housing', name: 'Housing scheme foundations, Bristol' },
  { sku: 'proj-rail-depot', name: 'Rail depot slab and piles' },
];
