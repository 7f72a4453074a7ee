/**
 * The material vocabulary (SPEC 1 and 3.1 as extended by this project, see docs/protocol.md
 * "Material vocabulary"): every `material` an event names (a batch's own, a constituent's, an
 * allocation part's) must be in it. Materials key the shared counters of the reports, so a
 * vocabulary the registrar controls is what stops a participant minting counter keys at will.
 *
 * The default list below is part of the protocol (two implementations must agree on it); the
 * registrar extends it with `ledger.materials` events. Words follow the material schema: lowercase,
 * hyphenated.
 */

/** The constituent for everything no claim is about (oxygen, sulphate, binder, electrolyte). */
export const OTHER_MATERIAL = 'other';

/** Base metals and their everyday alloys of one base. */
const BASE_METALS = ['aluminium', 'copper', 'iron', 'lead', 'nickel', 'steel', 'stainless-steel', 'tin', 'zinc'];

/**
 * The elements of the UK Critical Minerals lists (the 2022 list and the 2024 criticality
 * assessment's additions), rare earths both as a group and as the elements traded separately.
 */
const UK_CRITICAL_MINERALS = [
  'antimony', 'arsenic', 'bismuth', 'cobalt', 'gallium', 'germanium', 'graphite', 'hafnium', 'indium',
  'iridium', 'lithium', 'magnesium', 'manganese', 'nickel', 'niobium', 'palladium', 'platinum',
  'rare-earths', 'rhodium', 'ruthenium', 'silicon', 'tantalum', 'tellurium', 'tin', 'titanium',
  'tungsten', 'uranium', 'vanadium', 'yttrium', 'zirconium',
  'cerium', 'dysprosium', 'lanthanum', 'neodymium', 'praseodymium', 'terbium',
];

/** Battery materials (EU Battery Regulation 2023/1542 Article 8 names cobalt, lithium, nickel and lead). */
const BATTERY_MATERIALS = ['cobalt', 'graphite', 'lead', 'lithium', 'manganese', 'nickel', 'phosphorus'];

/** Other metals commonly traded as scrap or alloying additions. */
const OTHER_METALS = ['cadmium', 'chromium', 'gold', 'molybdenum', 'silver'];

/** Materials that name what a batch is rather than one element: alloys, intermediates, products. */
const BATCH_MATERIALS = [
  'black-mass', 'brass', 'bronze', 'cobalt-sulphate', 'lead-acid-battery', 'lfp-cathode', 'li-ion-cell',
  'lithium-carbonate', 'lithium-hydroxide', 'manganese-sulphate', 'nickel-sulphate', 'nmc-precursor',
  'nmc111-cathode', 'nmc622-cathode', 'nmc811-cathode',
];

/** The default vocabulary of every ledger, sorted, without repeats. */
export const DEFAULT_MATERIALS: readonly string[] = [
  ...new Set([OTHER_MATERIAL, ...BASE_METALS, ...UK_CRITICAL_MINERALS, ...BATTERY_MATERIALS, ...OTHER_METALS, ...BATCH_MATERIALS]),
].sort();
