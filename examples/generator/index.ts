/**
 * A seeded, deterministic year of UK metals flows for tests, the demo and the benchmarks: scrap
 * collection, melting, fabrication, imports, exports, audits, and (SPEC 4.1, constituents) a
 * battery chain and a brass mill. Battery collectors weigh in spent cells (nickel, cobalt,
 * lithium, manganese, other); recyclers shred them into black mass, most of it exported for
 * refining (KR, DE, CN), the rest refined in the UK into nickel, cobalt and lithium; a cathode maker
 * blends those with imported primary metal (Co from CD, Ni from ID and AU, Li from AU and CL) into
 * NMC811 cathode, oxygen created as `other`; cell makers build cells (electrolyte and casing
 * created) and retire or ship them; a brass mill melts copper scrap with Peruvian zinc.
 * `stats().mass` counts every constituent the way the ledger's `agg/mass/<material>` does.
 * @example
 * const year = generateYear({ seed: 'demo', origin: 'localhost/tally', targetEvents: 10_000, sign: nodeEventSigner() });
 * const ledger = await Ledger.open(backend, { origin: year.origin, homeCountry: 'GB', logKey, registrar: { publicKey: year.registrar.publicKey } });
 * for (const envelope of year.events) await ledger.submit(envelope);
 */
export { generateYear, type GeneratedYear, type YearOptions, type YearRun, type YearStats } from './year.js';
export { participantKey, registrarKey, type GeneratedKey } from './keys.js';
export { nobleEventSigner, type EventSigner } from './sign.js';
export { COMPOSITES, CONSTITUENTS, MATERIALS, type Constituent, type Material } from './catalogue.js';
export { MIN_PARTICIPANTS, type GeneratedParticipant, type Kind, type Site } from './directory.js';
export { planCampaign, DEEP_BATCH_ID, type CampaignPlan } from './campaign.js';
export { Prng } from './prng.js';
export type { ConstituentGrams } from './world.js';
export { GeneratedClock } from './clock.js';
