import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Part, Role } from '../../schemas/primitives.js';
import type { BatchState } from '../../schemas/state.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import { normalize, scale, totalG } from '../../ledger/custody/composition.js';
import { replayEntries } from '../../ledger/custody/replay.js';
import { TestLedger } from './harness.js';

/**
 * Property tests of protocol 1.1 (SPEC 4.1) and of issue 9 item 7, over random valid event
 * sequences with multi-constituent batches (black mass of cobalt, nickel, lithium and `other`),
 * transforms that refine, blend and create `other`, and custody that crosses borders (to foreign
 * sites, back home, between one's own sites).
 *
 * What the test knows it learns from the states before and after each event and from the events
 * it made, never from the ledger's counters, which it then checks against:
 * - every named constituent is conserved to the gram: registered = in batches (active, in transit,
 *   exported) + retired + transit loss + process loss + adjusted, and the conservation counters agree;
 * - every composition sums to its batch, canonically sorted;
 * - every home-origin recycled gram registered is, at every point, exactly one of: held at home,
 *   in transit, exported (before any processing), processed at home, retired, or lost (lost,
 *   landfilled, lost in transit or corrected away), per constituent; and the retention report's own
 *   figures add up (as scrap + after processing = exported = the sum by country).
 */
const trustingVerify: VerifyFn = () => true;
const HOME = 'GB';

const PARTICIPANTS: Record<string, { roles: Role[]; country: string; sites: Array<[string, string]> }> = {
  // A UK recycler with a site in Turkey too: moving to it is an export to itself.
  'rec-gb': { roles: ['recycler', 'processor'], country: 'GB', sites: [['gb1', 'GB'], ['gb2', 'GB'], ['tr9', 'TR']] },
  'ref-gb': { roles: ['processor', 'trader'], country: 'GB', sites: [['m1', 'GB']] },
  'ref-de': { roles: ['processor', 'recycler'], country: 'DE', sites: [['d1', 'DE']] },
  'mine-cd': { roles: ['mine'], country: 'CD', sites: [['k1', 'CD']] },
};
const CUSTODIANS = Object.keys(PARTICIPANTS);
const SITES = CUSTODIANS.flatMap((id) => PARTICIPANTS[id]!.sites.map(([site, country]) => ({ id, site, country })));
const NAMED = ['cobalt', 'lithium', 'nickel'];
const KINDS = ['post-consumer', 'pre-consumer', 'primary'] as const;
const COUNTRIES = ['GB', 'CD', 'AU', 'GB'];

type Grams = Map<string, number>;
const add = (into: Grams, material: string, grams: number) => into.set(material, (into.get(material) ?? 0) + grams);

/** Grams per material of `parts`, `other` included. */
function byMaterial(parts: readonly Part[]): Grams {
  const out: Grams = new Map();
  for (const part of parts) add(out, part.material, part.massG);
  return out;
}

/** Home-origin recycled grams per named material. */
function homeScrap(parts: readonly Part[]): Grams {
  return byMaterial(parts.filter((p) => p.material !== 'other' && p.country === HOME && p.kind !== 'primary'));
}

/** `a - b`, part by part; the parts a batch gave up between two states. */
function minus(a: readonly Part[], b: readonly Part[]): Part[] {
  return normalize([...a, ...b.map((part) => ({ ...part, massG: -part.massG }))]);
}

class Tracker {
  readonly registered: Grams = new Map();
  readonly retired: Grams = new Map();
  readonly transitLoss: Grams = new Map();
  readonly processLoss: Grams = new Map();
  readonly adjusted: Grams = new Map();
  readonly created: Grams = new Map();
  // Home-origin recycled grams by fate (issue 9 item 7).
  readonly homeRegistered: Grams = new Map();
  readonly homeExportedFirst: Grams = new Map();
  readonly homeExportedAll: Grams = new Map();
  readonly homeProcessed: Grams = new Map();
  readonly homeRetired: Grams = new Map();
  /** Lost before any processing, including weight corrections (the partition's "lost"). */
  readonly homeLost: Grams = new Map();
  /** What the report's lostG counts: lost, landfilled or lost in transit at home, processed or not. */
  readonly homeLostAll: Grams = new Map();
  /** Exports counted by transfers still pending: a reject withdraws them. */
  readonly pendingExports = new Map<string, { first: Grams; all: Grams }>();

  merge(into: Grams, from: Grams, sign = 1): void {
    for (const [m, g] of from) add(into, m, sign * g);
  }
}

/** Ops weighted towards movement, so material often goes abroad and comes back before it is melted. */
const OPS = [0, 0, 1, 1, 1, 2, 2, 2, 3, 4, 4, 5, 6, 7];
const stepArb = fc.record({ op: fc.constantFrom(...OPS), a: fc.nat(), b: fc.nat(), c: fc.nat(), d: fc.nat() });
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function world(): TestLedger {
  const ledger = new TestLedger({ verify: trustingVerify });
  for (const [id, { roles, country, sites }] of Object.entries(PARTICIPANTS)) ledger.participant(id, roles, country, sites);
  return ledger;
}

function batches(ledger: TestLedger): BatchState[] {
  return [...ledger.state.entries()].filter(([key]) => key.startsWith('b/')).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, text]) => JSON.parse(text) as BatchState);
}

const countryOf = (participant: string, site: string) => PARTICIPANTS[participant]!.sites.find(([s]) => s === site)![1];
const atHome = (batch: BatchState) => countryOf(batch.custodian, batch.site) === HOME;

/** Constituents for an output served from `pool`: a random share of some named materials, and some `other`. */
function constituentsFrom(pool: readonly Part[], n: number): Array<{ material: string; massG: number }> {
  const have = byMaterial(pool);
  const out: Array<{ material: string; massG: number }> = [];
  NAMED.forEach((material, i) => {
    const grams = have.get(material) ?? 0;
    if (grams > 0 && ((n >> i) & 1) === 1) out.push({ material, massG: 1 + ((n * 7919 + i) % grams) });
  });
  // Sometimes more other than the pool holds: the rest is created (reagents, oxygen).
  if ((n >> 4) % 2 === 1) out.push({ material: 'other', massG: 1 + (n % 50_000) });
  return out;
}

function play(ledger: TestLedger, step: Step, track: Tracker, ids: { next: number }): void {
  const { op, a, b, c, d } = step;
  const all = batches(ledger);
  const active = all.filter((x) => x.status === 'active');
  const inTransit = all.filter((x) => x.status === 'in-transit');
  const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const newId = () => `b${ids.next++}`;
  const unprocessedHome = (batch: BatchState) => !batch.processed && !batch.everExported;

  switch (op) {
    case 0: {
      const actor = CUSTODIANS[a % CUSTODIANS.length]!;
      const [site, siteCountry] = PARTICIPANTS[actor]!.sites[b % PARTICIPANTS[actor]!.sites.length]!;
      const kind = actor === 'mine-cd' ? 'primary' : KINDS[d % 3]!;
      const country = actor === 'mine-cd' ? 'CD' : COUNTRIES[(d >> 2) % COUNTRIES.length]!;
      const cobalt = 1 + (c % 900_000);
      const constituents = [{ material: 'cobalt', massG: cobalt }, { material: 'nickel', massG: 1 + (c % 700_001) }, { material: 'lithium', massG: 1 + (d % 300_007) }, { material: 'other', massG: 1 + (b % 2_000_000) }];
      const single = (b >> 3) % 3 === 0;
      const used = single ? [{ material: NAMED[c % 3]!, massG: cobalt }] : constituents;
      const massG = used.reduce((s, x) => s + x.massG, 0);
      const material = single ? used[0]!.material : 'black-mass';
      ledger.register(actor, { id: newId(), material, form: 'scrap', massG, site, ...(single ? {} : { constituents: used }) }, { kind, country });
      const parts: Part[] = used.map((x) => ({ material: x.material, kind, country, massG: x.massG }));
      track.merge(track.registered, byMaterial(parts));
      const scrap = homeScrap(parts);
      track.merge(track.homeRegistered, scrap);
      if (siteCountry !== HOME) {
        // Registered abroad: it left the home country unrecorded, so it counts as exported at once.
        track.merge(track.homeExportedFirst, scrap);
        track.merge(track.homeExportedAll, scrap);
      }
      return;
    }
    case 1: {
      const batch = pick(active, a);
      if (!batch) return;
      let target = b % SITES.length;
      if (SITES[target]!.id === batch.custodian && SITES[target]!.site === batch.site) target = (target + 1) % SITES.length;
      const to = SITES[target]!;
      const split = d % 2 === 1 && batch.massG > 1 ? { id: newId(), massG: 1 + (c % (batch.massG - 1)) } : undefined;
      ledger.transfer(batch.custodian, batch.id, to.id, to.site, split);
      const moved = ledger.batch(split ? split.id : batch.id);
      if (atHome(batch) && to.country !== HOME && !batch.everExported) {
        const scrap = homeScrap(moved.composition);
        const first = batch.processed ? new Map<string, number>() : scrap;
        track.merge(track.homeExportedFirst, first);
        track.merge(track.homeExportedAll, scrap);
        track.pendingExports.set(moved.id, { first, all: scrap });
      }
      return;
    }
    case 2: {
      const batch = pick(inTransit, a);
      if (!batch) return;
      const received = b % 3 === 0 ? batch.massG - (c % batch.massG) : batch.massG;
      ledger.receive(batch.transit!.to, batch.id, received);
      track.pendingExports.delete(batch.id);
      const lost = minus(batch.composition, ledger.batch(batch.id).composition);
      track.merge(track.transitLoss, byMaterial(lost));
      if (batch.transit!.fromCountry === HOME && batch.transit!.toCountry === HOME && !batch.everExported) {
        track.merge(track.homeLostAll, homeScrap(lost));
        if (!batch.processed) track.merge(track.homeLost, homeScrap(lost));
      }
      return;
    }
    case 3: {
      const batch = pick(inTransit, a);
      if (!batch) return;
      ledger.submit(b % 2 ? batch.transit!.to : batch.transit!.from, 'batch.reject', { batch: batch.id, reason: 'random' });
      const pending = track.pendingExports.get(batch.id);
      if (pending) {
        track.merge(track.homeExportedFirst, pending.first, -1);
        track.merge(track.homeExportedAll, pending.all, -1);
        track.pendingExports.delete(batch.id);
      }
      return;
    }
    case 4: {
      const first = pick(active, a);
      if (!first) return;
      const others = active.filter((x) => x.id !== first.id && x.custodian === first.custodian && x.site === first.site);
      const inputs = [first, ...others.slice(0, b % 3)].map((batch, i) => ({ batch, massG: 1 + ((c + i * 7919) % batch.massG) }));
      const pool = normalize(inputs.flatMap((input) => scale(input.batch.composition, input.massG)));
      let remaining: Part[] = pool;
      const outputs: Array<Record<string, unknown>> = [];
      const allocate = (d >> 6) % 4 === 0;
      for (let o = 0; o < 1 + (d % 2); o++) {
        if (allocate) {
          // Mass balance: a random amount of each remaining part, some other created beyond the pool.
          const allocation = remaining.map((part, i) => ({ ...part, massG: 1 + ((d + i * 104729 + o) % part.massG) })).filter((_, i) => ((d >> (i % 8)) & 1) === 1 || i === 0);
          if ((d >> 9) % 2 === 1) allocation.push({ material: 'other', kind: 'primary', country: 'DE', massG: 1 + (d % 1000) });
          const parts = normalize(allocation);
          if (parts.length === 0) break;
          const massG = totalG(parts);
          remaining = minus(remaining, parts.map((p) => ({ ...p, massG: Math.min(p.massG, remaining.find((r) => r.material === p.material && r.kind === p.kind && r.country === p.country)?.massG ?? 0) })));
          outputs.push({ id: newId(), material: 'nmc811-cathode', form: 'powder', massG, allocation: parts });
        } else {
          const constituents = constituentsFrom(remaining, d + o * 31 + c);
          if (constituents.length === 0) break;
          const massG = constituents.reduce((s, x) => s + x.massG, 0);
          const material = constituents.length === 1 && constituents[0]!.material !== 'other' ? constituents[0]!.material : 'nmc811-cathode';
          outputs.push({ id: newId(), material, form: 'powder', massG, ...(constituents.length === 1 && material !== 'nmc811-cathode' ? {} : { constituents }) });
          // What the output takes of each named material; other beyond the pool is created.
          const taken: Part[] = [];
          for (const x of constituents) {
            const from = remaining.filter((p) => p.material === x.material);
            taken.push(...(totalG(from) >= x.massG ? scale(from, x.massG) : from));
          }
          remaining = minus(remaining, taken);
        }
      }
      if (outputs.length === 0) return;
      const site = first.site;
      ledger.transform(first.custodian, site, 'random', inputs.map((input) => [input.batch.id, input.massG]), outputs);
      const made = normalize(outputs.flatMap((output) => ledger.batch(output.id as string).composition));
      const given = normalize(inputs.flatMap(({ batch }) => minus(batch.composition, ledger.batch(batch.id).composition)));
      for (const [material, grams] of byMaterial(given)) {
        const net = grams - (byMaterial(made).get(material) ?? 0);
        if (material !== 'other') expect(net, `transform creates no ${material}`).toBeGreaterThanOrEqual(0);
        if (net > 0) add(track.processLoss, material, net);
      }
      const madeOther = byMaterial(made).get('other') ?? 0;
      const gaveOther = byMaterial(given).get('other') ?? 0;
      if (madeOther > gaveOther) add(track.created, 'other', madeOther - gaveOther);
      if (countryOf(first.custodian, site) === HOME) {
        for (const { batch } of inputs) {
          if (unprocessedHome(batch)) track.merge(track.homeProcessed, homeScrap(minus(batch.composition, ledger.batch(batch.id).composition)));
        }
      }
      return;
    }
    case 5: {
      const batch = pick(active, a);
      if (!batch) return;
      const split = d % 2 === 1 && batch.massG > 1 ? { id: newId(), massG: 1 + (c % (batch.massG - 1)) } : undefined;
      ledger.submit(batch.custodian, 'batch.export', { batch: batch.id, ...(split ? { split } : {}), destination: { country: ['TR', 'DE', 'IN'][b % 3]!, consignee: 'Consignee' } });
      const left = ledger.batch(split ? split.id : batch.id);
      if (atHome(batch) && !batch.everExported) {
        const scrap = homeScrap(left.composition);
        track.merge(track.homeExportedAll, scrap);
        if (!batch.processed) track.merge(track.homeExportedFirst, scrap);
      }
      return;
    }
    case 6: {
      const batch = pick(active, a);
      if (!batch) return;
      const massG = b % 2 ? 1 + (c % batch.massG) : undefined;
      const reason = (['incorporated', 'lost', 'landfilled'] as const)[d % 3]!;
      ledger.submit(batch.custodian, 'batch.retire', { batch: batch.id, ...(massG ? { massG } : {}), reason });
      const after = ledger.batch(batch.id);
      const removed = after.status === 'retired' ? batch.composition : minus(batch.composition, after.composition);
      track.merge(track.retired, byMaterial(removed));
      if (!batch.everExported && atHome(batch)) {
        if (reason !== 'incorporated') track.merge(track.homeLostAll, homeScrap(removed));
        if (!batch.processed) track.merge(reason === 'incorporated' ? track.homeRetired : track.homeLost, homeScrap(removed));
      }
      return;
    }
    case 7: {
      const batch = pick(active.filter((x) => x.massG > 1), a);
      if (!batch) return;
      const massG = 1 + (b % (batch.massG - 1));
      ledger.submit(batch.custodian, 'batch.adjust', { batch: batch.id, massG, reason: 'reweighed' });
      const removed = minus(batch.composition, ledger.batch(batch.id).composition);
      track.merge(track.adjusted, byMaterial(removed));
      if (unprocessedHome(batch)) track.merge(track.homeLost, homeScrap(removed));
      return;
    }
    default:
  }
}

function check(ledger: TestLedger, track: Tracker, report: Record<string, Record<string, unknown>>): void {
  const all = batches(ledger);
  for (const batch of all) {
    expect(totalG(batch.composition), `composition of ${batch.id}`).toBe(batch.massG);
    expect(batch.composition).toEqual(normalize(batch.composition));
  }
  const inBatches = (material: string, statuses: string[]) =>
    all.filter((x) => statuses.includes(x.status)).reduce((s, x) => s + (byMaterial(x.composition).get(material) ?? 0), 0);
  const get = (m: Grams, material: string) => m.get(material) ?? 0;
  for (const material of NAMED) {
    const held = inBatches(material, ['active', 'in-transit', 'exported']);
    const gone = get(track.retired, material) + get(track.transitLoss, material) + get(track.processLoss, material) + get(track.adjusted, material);
    expect(held + gone, `${material} conserved`).toBe(get(track.registered, material));
    const totals = ledger.massTotals(material);
    if (get(track.registered, material) > 0) {
      expect(totals).toMatchObject({
        registeredG: get(track.registered, material),
        createdG: 0,
        retiredG: get(track.retired, material),
        transitLossG: get(track.transitLoss, material),
        processLossG: get(track.processLoss, material),
        adjustedG: get(track.adjusted, material),
        exportedG: inBatches(material, ['exported']),
      });
    }

    // Issue 9 item 7: every home-origin recycled gram is in exactly one place.
    const unprocessedHome = (x: BatchState) => !x.processed && !x.everExported;
    const scrapIn = (status: string) => all.filter((x) => x.status === status && unprocessedHome(x)).reduce((s, x) => s + get(homeScrap(x.composition), material), 0);
    const heldAtHome = scrapIn('active');
    for (const x of all) if (x.status === 'active' && unprocessedHome(x) && get(homeScrap(x.composition), material) > 0) expect(atHome(x), `${x.id} is home stock`).toBe(true);
    const places = heldAtHome + scrapIn('in-transit') + get(track.homeExportedFirst, material) + get(track.homeProcessed, material) + get(track.homeRetired, material) + get(track.homeLost, material);
    expect(places, `every registered gram of home ${material} scrap is in one place`).toBe(get(track.homeRegistered, material));
    const r = report[material]!;
    expect(r.registeredG).toBe(String(get(track.homeRegistered, material)));
    expect(r.processedAtHomeG).toBe(String(get(track.homeProcessed, material)));
    expect(r.exportedG).toBe(String(get(track.homeExportedAll, material)));
    expect(r.lostG).toBe(String(get(track.homeLostAll, material)));
  }
  for (const r of Object.values(report)) {
    expect(BigInt(r.exportedAsScrapG as string) + BigInt(r.exportedAfterProcessingG as string)).toBe(BigInt(r.exportedG as string));
    const byCountry = Object.values(r.exportedByCountry as Record<string, string>).reduce((s, g) => s + BigInt(g), 0n);
    expect(byCountry).toBe(BigInt(r.exportedG as string));
  }
  // The whole-ledger figures are the sums over named constituents.
  const sum = (field: string) => NAMED.reduce((s, m) => s + BigInt(report[m]![field] as string), 0n).toString();
  for (const field of ['registeredG', 'exportedG', 'processedAtHomeG', 'lostG']) expect(report._all![field], field).toBe(sum(field));
}

describe('random valid sequences with constituents and borders', () => {
  it('conserve every named constituent, keep compositions summing, account for every home scrap gram, and replay byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 30 }), async (steps) => {
        const ledger = world();
        const track = new Tracker();
        const ids = { next: 1 };
        for (const step of steps.slice(0, 4)) play(ledger, { ...step, op: 0 }, track, ids);
        for (const step of steps) play(ledger, step, track, ids);
        const report: Record<string, Record<string, unknown>> = {};
        for (const material of NAMED) report[material] = await ledger.retentionRaw({ material });
        report._all = await ledger.retentionRaw();
        check(ledger, track, report);
        const replayed = replayEntries(ledger.entries, trustingVerify);
        expect(JSON.stringify([...replayed].sort())).toBe(JSON.stringify([...ledger.state].sort()));
      }),
      { numRuns: 30 },
    );
  });
});
