import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchState } from '../../schemas/state.js';
import type { MassTotals } from '../../ledger/custody/aggregates.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import { getProvenance, retentionReport, verifyClaims } from '../../ledger/custody/queries/index.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { nodeSigner } from '../../ledger/store/node-signer.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { CONSTITUENTS, GeneratedClock, generateYear, MATERIALS, type GeneratedYear, type YearStats } from '../../examples/generator/index.js';
import { nodeEventSigner } from '../../examples/generator/node-sign.js';

/**
 * A generated year is a valid history: submitted in order to a fresh ledger, every event is
 * appended (no refusal), mass is conserved to the gram in every constituent (the generator's
 * own counters equal the ledger's agg/mass ones), every material and every event type occurs,
 * the battery chain and the brass mill make batches of several constituents, and the
 * deep-lineage campaign ends in a batch with exactly the planned number of entries in its lineage.
 */

type Constituents = Array<{ material: string; massG: number }>;
interface Made { material: string; constituents?: Constituents }

const EVENT_TYPES = [
  'participant.register', 'participant.update', 'participant.keys',
  'batch.register', 'batch.transfer', 'batch.receive', 'batch.reject', 'batch.transform',
  'batch.export', 'batch.retire', 'batch.adjust', 'batch.attest',
];

describe('a generated year submitted to a ledger', () => {
  let year: GeneratedYear;
  let ledger: Ledger;
  let stats: YearStats;
  const refusals: string[] = [];
  const typesAppended = new Set<string>();
  const fromIndividuals: Array<{ ref: string; evidence: string[] }> = [];
  /** Every batch the events name as registered or made, with the constituents they asked for. */
  const made = new Map<string, Made>();
  const exported: string[] = [];

  beforeAll(async () => {
    year = generateYear({ seed: 'ledger-test', origin: 'test.tally.example/generator', targetEvents: 4000, participants: 60, deepLineage: { ancestorEntries: 400 }, sign: nodeEventSigner() });
    const logKey = generateKeyPair();
    const clock = new GeneratedClock(year);
    ledger = await Ledger.open(new MemoryBackend(), {
      clock: clock.now,
      origin: year.origin,
      homeCountry: 'GB',
      logKey,
      registrar: { publicKey: year.registrar.publicKey },
      verify: nodeVerify,
      sign: nodeSigner(logKey.secretKey),
    });
    // Many in flight, as a busy server would have them; submission order is log order.
    const run = year.run();
    const inFlight = new Set<Promise<void>>();
    for (const envelope of run) {
      clock.observe(envelope);
      const event = envelope.event as { supplier?: { kind: string; ref: string }; evidence?: Array<{ kind: string }> };
      if (event.supplier?.kind === 'individual') fromIndividuals.push({ ref: event.supplier.ref, evidence: (event.evidence ?? []).map((e) => e.kind) });
      noteBatches(envelope.event as unknown as Record<string, unknown>);
      const p: Promise<void> = ledger.submit(envelope).then(
        () => void typesAppended.add(envelope.event.type),
        (err: Error & { code?: string }) => void refusals.push(`${envelope.event.id} ${envelope.event.type}: ${err.code} ${err.message}`),
      ).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 256) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    stats = run.stats();
  }, 60_000);

  function noteBatches(event: Record<string, unknown>): void {
    const note = (b: { id: string; material: string; constituents?: Constituents }) => made.set(b.id, { material: b.material, ...(b.constituents ? { constituents: b.constituents } : {}) });
    if (event.type === 'batch.register') note(event.batch as Parameters<typeof note>[0]);
    if (event.type === 'batch.transform') for (const output of event.outputs as Array<Parameters<typeof note>[0]>) note(output);
    if (event.type === 'batch.export') exported.push(event.batch as string);
  }

  it('appends every event, with no refusal', () => {
    expect(refusals).toEqual([]);
    expect(ledger.size).toBe(1 + 4000);
  });

  it('covers every material and every event type', () => {
    expect([...typesAppended].sort()).toEqual([...EVENT_TYPES].sort());
    for (const constituent of CONSTITUENTS) expect(stats.mass[constituent].registeredG, constituent).toBeGreaterThan(0);
    const materials = new Set([...made.values()].map((b) => b.material));
    for (const material of MATERIALS) expect(materials.has(material), material).toBe(true);
    expect(Object.keys(stats.byType).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('conserves mass: what was registered is held, in transit, exported, retired or lost', async () => {
    const live = new Map<string, number>();
    for await (const [, value] of ledger.state.scan('b/')) {
      const batch = value as BatchState;
      if (batch.status !== 'active' && batch.status !== 'in-transit') continue;
      for (const part of batch.composition) live.set(part.material, (live.get(part.material) ?? 0) + part.massG);
    }
    expect(stats.mass.other.createdG).toBeGreaterThan(0); // oxygen in cathode, electrolyte and casing in cells
    expect([...live.keys()].filter((m) => !(CONSTITUENTS as readonly string[]).includes(m))).toEqual([]);
    for (const material of CONSTITUENTS) {
      const totals = (await ledger.state.get(stateKeys.massTotals(material))) as MassTotals;
      // The generator's own bookkeeping agrees with the ledger's counters to the gram...
      expect(Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, Number(v)])), material).toEqual(stats.mass[material]);
      expect(live.get(material) ?? 0, material).toBe(stats.liveG[material]);
      // ...and the counters balance against the batches the ledger holds.
      // Counters are unbounded integers as strings (SPEC 1); the sum is checked in BigInt.
      const [registeredG, createdG, ...removed] = [totals.registeredG, totals.createdG, totals.exportedG, totals.retiredG, totals.transitLossG, totals.processLossG, totals.adjustedG].map(BigInt);
      expect(BigInt(live.get(material) ?? 0) + removed.reduce((a, b) => a + b, 0n), material).toBe(registeredG! + createdG!);
    }
  });

  it('exports black mass, and makes cathode, cells and brass of several constituents', () => {
    const kinds = (material: string) => [...made.values()].filter((b) => b.material === material).map((b) => (b.constituents ?? []).map((c) => c.material).sort());
    expect(exported.filter((id) => made.get(id)?.material === 'black-mass').length).toBeGreaterThan(0);
    expect(kinds('black-mass')).toContainEqual(['cobalt', 'lithium', 'manganese', 'nickel', 'other']);
    expect(kinds('nmc811-cathode')).toContainEqual(['cobalt', 'lithium', 'nickel', 'other']);
    expect(kinds('li-ion-cell').filter((k) => k.includes('other') && k.length === 4)).not.toEqual([]);
    expect(kinds('brass')).toContainEqual(['copper', 'zinc']);
  });

  it('gives generated cell batches the constituents the generator asked for, in provenance', async () => {
    // Cells the cell makers made (spent cells weighed in as scrap are li-ion-cell too, with manganese).
    // A cell is never cut, so held, shipped, retired into a pack or exported it keeps its composition.
    const cells = [...made].filter(([, b]) => b.material === 'li-ion-cell' && b.constituents?.length === 4);
    expect(cells.length).toBeGreaterThan(0);
    let blended = 0;
    for (const [id, cell] of cells) {
      expect(((await ledger.state.get(stateKeys.batch(id))) as BatchState).massG, id).toBe(cell.constituents!.reduce((sum, c) => sum + c.massG, 0));
      const provenance = (await getProvenance(ledger.state, id))!;
      const byMaterial = Object.fromEntries(provenance.byMaterial.map((m) => [m.material, Number(m.massG)]));
      expect(Object.keys(byMaterial).sort(), id).toEqual(['cobalt', 'lithium', 'nickel', 'other']);
      expect(byMaterial, id).toEqual(Object.fromEntries(cell.constituents!.map((c) => [c.material, c.massG])));
      const cobalt = provenance.byMaterial.find((m) => m.material === 'cobalt')!;
      if (Number(cobalt.recycledG) > 0 && Number(cobalt.recycledG) < Number(cobalt.massG)) blended++;
    }
    // Cathode makers blend recycled cobalt (from UK black mass) with primary cobalt they import.
    expect(blended).toBeGreaterThan(0);
  });

  it('counts black mass exported for refining abroad in cobalt retention', async () => {
    const report = await retentionReport(ledger.state, { material: 'cobalt' });
    expect(BigInt(report.exportedG)).toBeGreaterThan(0n);
    expect(BigInt(report.processedAtHomeG)).toBeGreaterThan(0n);
  });

  it('records scrap bought from individuals by commitment only, with the identity check', () => {
    expect(fromIndividuals.length).toBeGreaterThan(10);
    for (const { ref, evidence } of fromIndividuals) {
      expect(ref).toMatch(/^[0-9a-f]{64}$/);
      expect(evidence).toContain('identity-check');
    }
  });

  it('builds the deep-lineage batch with exactly the planned ancestor entries', async () => {
    const deep = year.deepLineage!;
    const provenance = (await getProvenance(ledger.state, deep.batch))!;
    expect(provenance.lineage).toHaveLength(deep.plan.ancestorEntries);
    expect(deep.plan.ancestorEntries).toBeGreaterThanOrEqual(400);
    expect(provenance).toMatchObject({ mixed: true, homeRecycledG: provenance.massG, model: 'segregated' });
    const claims = (await verifyClaims(ledger.state, { batch: deep.batch, claims: [{ kind: 'recycled', atLeast: 1 }, { kind: 'home-processed' }] }))!;
    expect(claims.results.map((r) => r.holds)).toEqual([true, true]);
  });
});
