import { KG, T, type Material } from './catalogue.js';
import type { Kind } from './directory.js';

/**
 * What each kind of participant does to material in its hands: the transforms it runs (melting,
 * rolling, refining, fabrication, assembly), where it sends what comes out, and what it retires.
 * These are the single-material transforms; those of several constituents (batteries, brass) are
 * in flows/composites.ts.
 */

export interface Operation {
  material: Material;
  /** Forms this operation consumes. */
  inputs: readonly string[];
  process: string;
  form: string;
  grades: readonly string[];
  /** Share of the input that becomes the main output. */
  yield: readonly [number, number];
  /** Share that becomes pre-consumer offcuts (a second output, form `scrap`). */
  offcut?: readonly [number, number];
  /** Most grams one run consumes (a furnace charge). */
  chargeG: number;
  /** Probability that a run whose inputs all have a single origin is sold under mass balance. */
  massBalance?: number;
}

const op = (material: Material, inputs: string[], process: string, form: string, grades: string[], yieldRange: [number, number], chargeG: number, extra: Partial<Operation> = {}): Operation => ({
  material, inputs, process, form, grades, yield: yieldRange, chargeG, ...extra,
});

export const OPERATIONS: Partial<Record<Kind, readonly Operation[]>> = {
  remelter: [op('aluminium', ['scrap', 'ingot'], 'remelt and cast', 'billet', ['6063', '6082', '6060'], [0.92, 0.97], 90 * T, { massBalance: 0.3 })],
  'rod-mill': [op('copper', ['scrap', 'cathode'], 'shaft furnace melt and rod casting', 'rod', ['Cu-ETP 8 mm'], [0.985, 0.995], 150 * T)],
  'eaf-steelworks': [
    op('steel', ['scrap'], 'EAF melt and continuous cast', 'billet', ['B500B billet 130 mm'], [0.87, 0.92], 160 * T),
    op('steel', ['billet', 'slab'], 'hot rolling', 'rebar', ['B500B 12 mm', 'B500B 16 mm', 'B500B 25 mm'], [0.96, 0.985], 400 * T),
  ],
  'pgm-refiner': [
    op('platinum', ['scrap'], 'smelting and refining', 'sponge', ['99.95% Pt sponge'], [0.95, 0.99], 200 * KG),
    op('palladium', ['scrap'], 'smelting and refining', 'sponge', ['99.95% Pd sponge'], [0.95, 0.99], 200 * KG),
  ],
  extruder: [op('aluminium', ['billet'], 'extrusion', 'profile', ['6063-T6', '6082-T6'], [0.8, 0.88], 60 * T, { offcut: [0.07, 0.12] })],
  'wire-drawer': [op('copper', ['rod'], 'wire drawing', 'wire', ['Cu-ETP 1.78 mm', 'Cu-ETP 2.5 mm'], [0.92, 0.96], 80 * T, { offcut: [0.02, 0.04] })],
  'rebar-fabricator': [op('steel', ['rebar'], 'cut and bend', 'component', ['Cut-and-bent rebar'], [0.93, 0.97], 300 * T, { offcut: [0.02, 0.05] })],
  'car-maker': [op('aluminium', ['profile'], 'machining and assembly', 'component', ['Extruded subframe', 'Battery enclosure'], [0.9, 0.97], 40 * T, { offcut: [0.02, 0.05] })],
  'cable-maker': [op('copper', ['wire'], 'stranding and insulating', 'product', ['Power cable'], [0.97, 0.995], 80 * T)],
  'catalyst-maker': [
    op('platinum', ['sponge'], 'washcoat and coating', 'component', ['Autocatalyst brick'], [0.97, 0.995], 100 * KG),
    op('palladium', ['sponge'], 'washcoat and coating', 'component', ['Autocatalyst brick'], [0.97, 0.995], 100 * KG),
  ],
};

/** Who in the UK first processes a material's scrap (brass mills take some copper scrap too: dispatch.ts). */
const SCRAP_PROCESSOR: Partial<Record<Material, Kind>> = {
  aluminium: 'remelter',
  copper: 'rod-mill',
  steel: 'eaf-steelworks',
  platinum: 'pgm-refiner',
  palladium: 'pgm-refiner',
  'li-ion-cell': 'battery-recycler',
};

/**
 * @throws Error for a material no one weighs in or cuts as scrap (a bug in the flows).
 */
export function scrapProcessor(material: Material): Kind {
  const kind = SCRAP_PROCESSOR[material];
  if (!kind) throw new Error(`generator bug: no scrap processor for ${material}`);
  return kind;
}

/** Where a form goes next, with weights; `export` is batch.export, `abroad` a foreign buyer. */
export type Route = Kind | 'export' | 'abroad';

export function routesFor(kind: Kind, material: Material, form: string): ReadonlyArray<[Route, number]> {
  if (form === 'scrap' && kind !== 'scrap-yard' && kind !== 'cat-collector' && kind !== 'battery-collector' && kind !== 'trader') {
    return [[scrapProcessor(material), 1]]; // offcuts go back to the melt shop
  }
  switch (kind) {
    case 'trader':
      if (form === 'scrap') return [['export', 0.55], [scrapProcessor(material), 0.45]];
      return [[scrapProcessor(material), 1]]; // primary metal it imported
    case 'remelter':
      return [['extruder', 0.75], ['abroad', 0.15], ['export', 0.1]];
    case 'rod-mill':
      return [['wire-drawer', 0.8], ['abroad', 0.1], ['export', 0.1]];
    case 'eaf-steelworks':
      return [['rebar-fabricator', 0.8], ['abroad', 0.1], ['export', 0.1]];
    case 'pgm-refiner':
      return [['catalyst-maker', 0.85], ['export', 0.15]];
    case 'battery-recycler':
      return [['battery-refiner', 0.45], ['export', 0.55]]; // most UK black mass is refined abroad
    case 'battery-refiner':
      return [['cathode-maker', 1]];
    case 'cathode-maker':
      return [['cell-maker', 0.85], ['export', 0.15]];
    case 'cell-maker':
      return [['car-maker', 0.8], ['export', 0.2]];
    case 'brass-mill':
      return [['construction', 0.7], ['export', 0.3]];
    case 'extruder':
      return [['car-maker', 1]];
    case 'wire-drawer':
      return [['cable-maker', 1]];
    case 'rebar-fabricator':
      return [['construction', 1]];
    case 'catalyst-maker':
      return [['car-maker', 1]];
    default:
      return [];
  }
}

/** Forms a participant dispatches onwards (everything else it processes or retires). */
export const DISPATCHED_FORMS: Partial<Record<Kind, readonly string[]>> = {
  trader: ['scrap', 'ingot', 'cathode'],
  remelter: ['billet'],
  'rod-mill': ['rod'],
  'eaf-steelworks': ['rebar'],
  'pgm-refiner': ['sponge'],
  'battery-recycler': ['powder'],
  'battery-refiner': ['sulphate', 'hydroxide'],
  'cathode-maker': ['powder'],
  'cell-maker': ['component'],
  'brass-mill': ['rod'],
  extruder: ['profile', 'scrap'],
  'wire-drawer': ['wire', 'scrap'],
  'rebar-fabricator': ['component', 'scrap'],
  'car-maker': ['scrap'],
  'catalyst-maker': ['component'],
};

/** Forms a participant retires into its products. */
export const RETIRED_FORMS: Partial<Record<Kind, readonly string[]>> = {
  'car-maker': ['component'],
  'cable-maker': ['product'],
  construction: ['component', 'rod'],
  'cell-maker': ['component'],
};

/** Where imported primary material goes in the UK. */
export function importRoute(material: Material): Kind {
  if (material === 'nickel' || material === 'cobalt' || material === 'lithium') return 'cathode-maker';
  if (material === 'zinc') return 'brass-mill';
  if (material === 'platinum' || material === 'palladium') return 'catalyst-maker';
  return scrapProcessor(material);
}
