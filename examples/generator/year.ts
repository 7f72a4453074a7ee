import type { Envelope } from '../../schemas/entry.js';
import { HOME_COUNTRY, type Constituent } from './catalogue.js';
import { buildDirectory, type GeneratedParticipant } from './directory.js';
import { Emitter, Schedule } from './emitter.js';
import { registrarKey, type GeneratedKey } from './keys.js';
import { nobleEventSigner, type EventSigner } from './sign.js';
import { Prng } from './prng.js';
import { DAY, HOUR, Sim } from './sim.js';
import { World, type MassLedger } from './world.js';
import { campaignRemelter, DEEP_BATCH_ID, planCampaign, scheduleCampaign, type CampaignPlan } from './campaign.js';
import { OPERATIONS, RETIRED_FORMS } from './operations.js';
import { RECIPES } from './flows/composites.js';
import { intakeLot } from './flows/collection.js';
import { dispatchDay } from './flows/dispatch.js';
import { foreignDay, processDay, retireDay } from './flows/processing.js';
import { auditRound, openSite, registerParticipant, rotateKey } from './flows/oversight.js';
import { importShipment, traderWarrant } from './flows/trade.js';

export interface YearOptions {
  /** Everything follows from it: participants, keys, flows, every byte of every envelope. */
  seed: string;
  /** The ledger's origin (the `ledger` field of every event). */
  origin: string;
  /** Events to generate, exactly (participant registrations and the campaign included). */
  targetEvents: number;
  /** Directory size; default 300, at least 40. */
  participants?: number;
  /** Adds a remelter's campaign ending in one batch with this many entries in its lineage. */
  deepLineage?: { ancestorEntries: number };
  /** Signs each event; default @noble/ed25519. Pass nodeEventSigner() for speed in Node. */
  sign?: EventSigner;
  /** The simulated calendar year (UTC); default 2025, so every `at` is in the past. */
  year?: number;
}

export interface YearStats {
  events: number;
  byType: Record<string, number>;
  /** The generator's own conservation counters per constituent (compare with the ledger's agg/mass). */
  mass: Record<Constituent, MassLedger>;
  /** Live grams (active and in transit) per constituent at the end. */
  liveG: Record<Constituent, number>;
  /** Scrap lots the yards registered (the planner's unit of activity). */
  lots: number;
  firstAt: string;
  lastAt: string;
}

/** One pass over the year: iterate it for the envelopes; `stats()` describes what was emitted so far. */
export interface YearRun extends Iterable<Envelope> {
  stats(): YearStats;
}

export interface GeneratedYear {
  seed: string;
  origin: string;
  year: number;
  /** Configure the ledger with `registrar.publicKey` (TALLY_REGISTRAR_KEY is its base64url). */
  registrar: GeneratedKey;
  participants: GeneratedParticipant[];
  deepLineage?: { batch: string; participant: string; plan: CampaignPlan };
  /** The events in submission order; each iteration regenerates them lazily, identically. */
  events: Iterable<Envelope>;
  /** A fresh pass with access to its statistics. */
  run(): YearRun;
}

const DEFAULT_PARTICIPANTS = 300;
/** Ordinary events the flows produce per scrap lot, to begin with (it falls as volumes grow). */
const INITIAL_EVENTS_PER_LOT = 4;
const COLLECTORS = ['scrap-yard', 'cat-collector', 'battery-collector'] as const;

/**
 * A seeded year of UK metals flows. Nothing is generated until `events` is iterated, and then one
 * day at a time, so a million events stream in bounded memory. Submitting the events in order to
 * a fresh ledger configured with `registrar.publicKey` and `origin` appends every one of them.
 * @throws RangeError if `targetEvents` cannot hold the set-up (registrations, campaign).
 * @example
 * const year = generateYear({ seed: 'demo', origin: 'localhost/tally', targetEvents: 5000 });
 * for (const envelope of year.events) await ledger.submit(envelope);
 */
export function generateYear(options: YearOptions): GeneratedYear {
  const year = options.year ?? 2025;
  const participants = buildDirectory(options.seed, options.participants ?? DEFAULT_PARTICIPANTS);
  const plan = options.deepLineage ? planCampaign(options.deepLineage.ancestorEntries) : undefined;
  const remelter = plan ? campaignRemelter(options.seed) : undefined;
  const all = remelter ? [...participants, remelter] : participants;
  const mandatory = all.length + (plan ? plan.events - 1 : 0);
  const regularBudget = options.targetEvents - mandatory;
  if (!Number.isSafeInteger(options.targetEvents) || regularBudget < 0) {
    throw new RangeError(`targetEvents must be at least ${mandatory} (participant registrations${plan ? ' and the campaign' : ''})`);
  }
  const registrar = registrarKey(options.seed);
  const run = (): YearRun => simulate({ ...options, year }, all, registrar, regularBudget, plan);
  return {
    seed: options.seed,
    origin: options.origin,
    year,
    registrar,
    participants: all,
    ...(plan ? { deepLineage: { batch: DEEP_BATCH_ID, participant: remelter!.id, plan } } : {}),
    events: { [Symbol.iterator]: () => run()[Symbol.iterator]() },
    run,
  };
}

function simulate(options: YearOptions & { year: number }, directory: GeneratedParticipant[], registrar: GeneratedKey, regularBudget: number, plan: CampaignPlan | undefined): YearRun {
  const yearStart = Date.UTC(options.year, 0, 1);
  const yearEnd = Date.UTC(options.year + 1, 0, 1);
  // Each pass works on its own copies: sites change during the year.
  const participants = directory.map((p) => ({ ...p, sites: [...p.sites], materials: [...p.materials] }));
  const world = new World();
  const schedule = new Schedule();
  const sim = new Sim(options.seed, new Prng(`${options.seed}|flows`), world, schedule, participants, yearStart, registrar);
  const emitter = new Emitter(options.origin, options.sign ?? nobleEventSigner, sim.keyOf, regularBudget, yearEnd - 1000);
  sim.attach(emitter);
  let lots = 0;
  const controller = new LotController(regularBudget);

  participants.forEach((p, i) => schedule.add(yearStart + i * 1000, () => registerParticipant(sim, p, yearStart + i * 1000), true));
  if (plan) scheduleCampaign(sim, plan, participants[participants.length - 1]!);
  schedule.add(yearStart + HOUR, () => planDay(0));

  function planDay(day: number): void {
    const dayStart = yearStart + day * DAY;
    const { rng } = sim;
    const today = controller.lotsFor(day, emitter.total - emitter.mandatoryEmitted, lots);
    const collectors = COLLECTORS.flatMap((kind) => sim.ofKind(kind));
    for (let i = 0; i < today; i++) {
      const at = dayStart + 6 * HOUR + rng.int(0, 11 * HOUR);
      const yard = rng.weighted(collectors, (p) => p.capacity);
      schedule.add(at, () => {
        if (intakeLot(sim, yard, at)) lots++;
      });
    }
    for (let i = rng.poisson(today * 0.02); i > 0; i--) {
      const at = dayStart + rng.int(0, 23 * HOUR);
      schedule.add(at, () => importShipment(sim, at));
    }
    for (let i = rng.poisson(today * 0.004); i > 0; i--) {
      const at = dayStart + 8 * HOUR + rng.int(0, 8 * HOUR);
      schedule.add(at, () => traderWarrant(sim, at));
    }
    for (const p of participants) {
      if ((OPERATIONS[p.kind] || RECIPES[p.kind]) && p.country === HOME_COUNTRY) {
        const at = dayStart + 5 * HOUR + rng.int(0, 2 * HOUR);
        schedule.add(at, () => processDay(sim, p, at));
      }
      if (p.kind === 'foreign-buyer') {
        const at = dayStart + 10 * HOUR + rng.int(0, 2 * HOUR);
        schedule.add(at, () => foreignDay(sim, p, at));
      } else if (p.kind !== 'auditor' && p.kind !== 'campaign-remelter') {
        const at = dayStart + 13 * HOUR + rng.int(0, 3 * HOUR);
        schedule.add(at, () => dispatchDay(sim, p, at));
      }
      if (RETIRED_FORMS[p.kind]) {
        const at = dayStart + 18 * HOUR + rng.int(0, HOUR);
        schedule.add(at, () => retireDay(sim, p, at));
      }
    }
    const auditors = sim.ofKind('auditor');
    for (const auditor of auditors) {
      const at = dayStart + 9 * HOUR + rng.int(0, 6 * HOUR);
      const visits = rng.poisson((today * 0.03) / auditors.length);
      if (visits > 0) schedule.add(at, () => auditRound(sim, auditor, visits, at));
    }
    if (rng.chance(1 / 40)) {
      const at = dayStart + 11 * HOUR;
      schedule.add(at, () => openSite(sim, at));
    }
    if (rng.chance(1 / 25)) {
      const at = dayStart + 12 * HOUR;
      schedule.add(at, () => rotateKey(sim, at));
    }
    if (day + 1 < 365 && yearStart + (day + 1) * DAY < yearEnd) schedule.add(dayStart + DAY, () => planDay(day + 1));
  }

  function* pass(): Generator<Envelope> {
    for (let task = schedule.pop(); task !== undefined && task.at < yearEnd; task = schedule.pop()) {
      if (!task.mandatory && !emitter.canEmit(false)) continue;
      world.now = task.at;
      task.run();
      yield* emitter.drain();
    }
    // Whatever the flows left of the budget: the last lots of the year, weighed in on 31 December.
    const collectors = COLLECTORS.flatMap((kind) => sim.ofKind(kind));
    world.now = yearEnd - HOUR;
    while (emitter.regularLeft > 0) {
      if (intakeLot(sim, sim.rng.weighted(collectors, (p) => p.capacity), world.now)) lots++;
      yield* emitter.drain();
    }
  }

  const iterable = pass();
  return {
    [Symbol.iterator]: () => iterable,
    stats: () => ({
      events: emitter.total,
      byType: Object.fromEntries([...emitter.countsByType].sort()),
      mass: structuredClone(world.mass),
      liveG: world.liveMassG(),
      lots,
      firstAt: new Date(yearStart).toISOString(),
      lastAt: new Date(emitter.lastAtMs).toISOString(),
    }),
  };
}

/**
 * How many scrap lots the yards weigh in each day, so that the ordinary events spread evenly over
 * the year and the budget is spent by its end. A lot sets off a chain of events over the following
 * days (sale, delivery, melt, shipment of what was made...), and how many depends on volumes: at
 * a million events furnaces are charged fuller and fewer melts serve more lots. So the controller
 * measures events per lot over the last weeks and corrects a quarter of the running deficit a day.
 */
class LotController {
  private readonly history: Array<{ events: number; lots: number }> = [];

  constructor(private readonly budget: number) {}

  /** Lots for `day`, given the ordinary events emitted and lots registered so far. */
  lotsFor(day: number, emitted: number, lots: number): number {
    this.history.push({ events: emitted, lots });
    const past = this.history[Math.max(0, this.history.length - 31)]!;
    const recentLots = lots - past.lots;
    const perLot = day >= 14 && recentLots > 50 ? Math.max(1, (emitted - past.events) / recentLots) : INITIAL_EVENTS_PER_LOT;
    const daily = this.budget / 365;
    const deficit = (this.budget * day) / 365 - emitted;
    return Math.max(0, Math.round((daily + 0.25 * deficit) / perLot));
  }
}
