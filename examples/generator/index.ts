/**
 * A seeded, deterministic year of UK metals flows for tests, the demo and the benchmarks.
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
