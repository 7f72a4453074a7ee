import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Part, Role } from '../../schemas/primitives.js';
import type { BatchState } from '../../schemas/state.js';
import { errorCatalog } from '../../schemas/errors/index.js';
import { isTallyError } from '../../ledger/errors.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import type { VerifyFn } from '../../ledger/crypto/signature.js';
import { normalize, scale, totalG } from '../../ledger/custody/composition.js';
import { replayEntries } from '../../ledger/custody/replay.js';
import { TestLedger } from './harness.js';

/**
 * Property tests of the custody model. Random valid event sequences are built by an interpreter
 * that turns random numbers into an event that is valid in the current state; the properties are
 * conservation of mass to the gram per material, compositions that always sum to their batch,
 * and replay giving byte-identical state. Random invalid events must be refused and change nothing.
 *
 * Valid sequences sign every event but verify with a trusting function: thousands of Ed25519
 * verifications would dominate the run, and signatures are what the other tests are about.
 */
const trustingVerify: VerifyFn = () => true;

const PARTICIPANTS: Record<string, { roles: Role[]; country: string; sites: Array<[string, string]> }> = {
  'rec-gb': { roles: ['recycler'], country: 'GB', sites: [['gb1', 'GB'], ['gb2', 'GB']] },
  'mill-gb': { roles: ['processor', 'trader'], country: 'GB', sites: [['m1', 'GB']] },
  'mill-tr': { roles: ['processor', 'recycler'], country: 'TR', sites: [['t1', 'TR']] },
  'mine-cl': { roles: ['mine'], country: 'CL', sites: [['c1', 'CL']] },
  auditor: { roles: ['auditor'], country: 'GB', sites: [] },
};
const CUSTODIANS = ['rec-gb', 'mill-gb', 'mill-tr', 'mine-cl'];
const SITES = CUSTODIANS.flatMap((id) => PARTICIPANTS[id]!.sites.map(([site]) => [id, site] as const));
const MATERIALS = ['copper', 'steel'];
const KINDS = ['post-consumer', 'pre-consumer', 'primary'] as const;
const COUNTRIES = ['GB', 'IE', 'CL', 'TR'];

function world(verify?: VerifyFn): TestLedger {
  const ledger = new TestLedger(verify ? { verify } : {});
  for (const [id, { roles, country, sites }] of Object.entries(PARTICIPANTS)) ledger.participant(id, roles, country, sites);
  return ledger;
}

function batches(ledger: TestLedger): BatchState[] {
  return [...ledger.state.entries()].filter(([key]) => key.startsWith('b/')).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, text]) => JSON.parse(text) as BatchState);
}

/** What the test itself knows went where, per material, independently of the counters apply keeps. */
interface Expected {
  registeredG: number;
  retiredG: number;
  transitLossG: number;
  processLossG: number;
  adjustedG: number;
}

interface Step {
  op: number;
  a: number;
  b: number;
  c: number;
  d: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({ op: fc.nat(8), a: fc.nat(), b: fc.nat(), c: fc.nat(), d: fc.nat() });

/** Plays one step: turns it into an event valid in the current state and applies it, or does nothing. */
function play(ledger: TestLedger, step: Step, expected: Map<string, Expected>, ids: { next: number }): void {
  const { op, a, b, c, d } = step;
  const all = batches(ledger);
  const active = all.filter((x) => x.status === 'active');
  const inTransit = all.filter((x) => x.status === 'in-transit');
  const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const bucket = (material: string) => {
    if (!expected.has(material)) expected.set(material, { registeredG: 0, retiredG: 0, transitLossG: 0, processLossG: 0, adjustedG: 0 });
    return expected.get(material)!;
  };
  const newId = () => `b${ids.next++}`;

  switch (op) {
    case 0: {
      const actor = CUSTODIANS[a % CUSTODIANS.length]!;
      const material = MATERIALS[b % MATERIALS.length]!;
      const massG = 1 + (c % 5_000_000_000);
      ledger.register(actor, { id: newId(), material, form: d % 2 ? 'scrap' : 'ingot', massG, site: PARTICIPANTS[actor]!.sites[0]![0] }, { kind: KINDS[d % 3]!, country: COUNTRIES[(d >> 2) % 4]! });
      bucket(material).registeredG += massG;
      return;
    }
    case 1: {
      const batch = pick(active, a);
      if (!batch) return;
      let target = b % SITES.length;
      if (SITES[target]![0] === batch.custodian && SITES[target]![1] === batch.site) target = (target + 1) % SITES.length;
      const [to, toSite] = SITES[target]!;
      const split = d % 2 === 1 && batch.massG > 1 ? { id: newId(), massG: 1 + (c % (batch.massG - 1)) } : undefined;
      ledger.transfer(batch.custodian, batch.id, to, toSite, split);
      return;
    }
    case 2: {
      const batch = pick(inTransit, a);
      if (!batch) return;
      const received = b % 3 === 0 ? batch.massG - (c % batch.massG) : batch.massG;
      ledger.receive(batch.transit!.to, batch.id, received);
      bucket(batch.material).transitLossG += batch.massG - received;
      return;
    }
    case 3: {
      const batch = pick(inTransit, a);
      if (!batch) return;
      ledger.submit(b % 2 ? batch.transit!.to : batch.transit!.from, 'batch.reject', { batch: batch.id, reason: 'random' });
      return;
    }
    case 4: {
      const first = pick(active, a);
      if (!first) return;
      const others = active.filter((x) => x.id !== first.id && x.custodian === first.custodian && x.site === first.site && x.material === first.material);
      const inputs = [first, ...others.slice(0, 1 + (b % 3))].map((batch, i) => ({ batch, massG: 1 + ((c + i * 7919) % batch.massG) }));
      const consumed = inputs.reduce((sum, input) => sum + input.massG, 0);
      const produced = consumed - (d % Math.max(1, Math.floor(consumed / 10)));
      const masses = produced >= 2 && d % 2 ? [Math.ceil(produced / 2), Math.floor(produced / 2)] : [produced];
      const outputs: Array<Record<string, unknown>> = masses.map((massG) => ({ id: newId(), material: first.material, form: 'ingot', massG }));
      if ((d >> 3) % 2 === 1) {
        // Mass balance: serve each output greedily from the pool, part by part.
        let pool: Part[] = normalize(inputs.flatMap((input) => scale(input.batch.composition, input.massG)));
        for (const output of outputs) {
          let need = output.massG as number;
          const allocation: Part[] = [];
          for (const part of pool) {
            const take = Math.min(need, part.massG);
            if (take > 0) allocation.push({ ...part, massG: take });
            need -= take;
          }
          pool = normalize(pool.map((part) => ({ ...part, massG: part.massG - (allocation.find((x) => x.material === part.material && x.kind === part.kind && x.country === part.country)?.massG ?? 0) })));
          output.allocation = allocation;
        }
      }
      const custodian = first.custodian;
      ledger.transform(custodian, first.site, 'random', inputs.map((input) => [input.batch.id, input.massG]), outputs);
      bucket(first.material).processLossG += consumed - produced;
      return;
    }
    case 5: {
      const batch = pick(active, a);
      if (!batch) return;
      const split = d % 2 === 1 && batch.massG > 1 ? { id: newId(), massG: 1 + (c % (batch.massG - 1)) } : undefined;
      ledger.submit(batch.custodian, 'batch.export', { batch: batch.id, ...(split ? { split } : {}), destination: { country: ['TR', 'DE', 'IN'][b % 3]!, consignee: 'Consignee' } });
      return;
    }
    case 6: {
      const batch = pick(active, a);
      if (!batch) return;
      const massG = b % 2 ? 1 + (c % batch.massG) : undefined;
      ledger.submit(batch.custodian, 'batch.retire', { batch: batch.id, ...(massG ? { massG } : {}), reason: (['incorporated', 'lost', 'landfilled'] as const)[d % 3] });
      bucket(batch.material).retiredG += massG ?? batch.massG;
      return;
    }
    case 7: {
      const batch = pick(active.filter((x) => x.massG > 1), a);
      if (!batch) return;
      const massG = 1 + (b % (batch.massG - 1));
      ledger.submit(batch.custodian, 'batch.adjust', { batch: batch.id, massG, reason: 'reweighed' });
      bucket(batch.material).adjustedG += batch.massG - massG;
      return;
    }
    default: {
      const batch = pick(all.filter((x) => x.status !== 'exported'), a);
      if (!batch) return;
      ledger.submit(b % 2 ? 'auditor' : batch.custodian, 'batch.attest', { batch: batch.id, kind: 'assay', sha256: 'f'.repeat(64) });
    }
  }
}

function checkConservation(ledger: TestLedger, expected: Map<string, Expected>): void {
  const all = batches(ledger);
  for (const batch of all) {
    expect(totalG(batch.composition), `composition of ${batch.id}`).toBe(batch.massG);
    expect(batch.composition).toEqual(normalize(batch.composition));
    if (batch.status === 'consumed') expect(batch.massG).toBe(0);
  }
  for (const [material, e] of expected) {
    const sum = (status: string) => all.filter((x) => x.material === material && x.status === status).reduce((s, x) => s + x.massG, 0);
    const held = sum('active');
    const inTransit = sum('in-transit');
    const exported = sum('exported');
    // registered = held + in transit + exported + retired + losses, to the gram.
    expect(held + inTransit + exported + e.retiredG + e.transitLossG + e.processLossG + e.adjustedG, material).toBe(e.registeredG);
    expect(ledger.massTotals(material)).toEqual({ ...e, createdG: 0, exportedG: exported });
  }
}

describe('random valid event sequences', () => {
  it('conserve mass to the gram per material, keep every composition summing to its batch, and replay byte for byte', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 5, maxLength: 40 }), (steps) => {
        const ledger = world(trustingVerify);
        const expected = new Map<string, Expected>();
        const ids = { next: 1 };
        // Registrations first so that the other steps have batches to work on.
        for (const step of steps.slice(0, 3)) play(ledger, { ...step, op: 0 }, expected, ids);
        for (const step of steps) play(ledger, step, expected, ids);
        checkConservation(ledger, expected);
        const replayed = replayEntries(ledger.entries, trustingVerify);
        expect(JSON.stringify([...replayed].sort())).toBe(JSON.stringify([...ledger.state].sort()));
      }),
      { numRuns: 60 },
    );
  });
});

describe('random invalid events', () => {
  // One world for every run: a refused event leaves it as it was, which is the property itself.
  const ledger = world();
  ledger.register('rec-gb', { id: 'lot', material: 'copper', form: 'scrap', massG: 1_000_000, site: 'gb1' }, { kind: 'post-consumer', country: 'GB' });
  ledger.transfer('rec-gb', 'lot', 'mill-gb', 'm1', { id: 'moving', massG: 400_000 });
  const base = () => ({ batch: 'lot', to: 'mill-gb', toSite: 'm1' });
  const snapshot = ledger.snapshot();

  /** Each mutation makes a valid transfer (or receive) of the world invalid, and names the code expected. */
  const mutation = fc.oneof(
    fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }).map((massG) => ({ code: 'invalid_event', unsignable: { split: { id: 'x', massG } } })),
    fc.string({ minLength: 1, maxLength: 8 }).map((name) => ({ code: 'invalid_event', fields: { [`x_${name}`]: 1 } })),
    fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.startsWith('batch.') && !s.startsWith('participant.')).map((type) => ({ code: 'invalid_event', type })),
    fc.stringMatching(/^[a-z0-9]{1,20}$/).map((id) => ({ code: 'unknown_batch', fields: { batch: `nx-${id}` } })),
    fc.stringMatching(/^[a-z0-9]{1,20}$/).map((id) => ({ code: 'unknown_participant', fields: { to: `nx-${id}` } })),
    fc.stringMatching(/^[a-z]{1,20}\.example\/[a-z]{1,10}$/).map((ledgerName) => ({ code: 'wrong_ledger', options: { ledger: ledgerName } })),
    fc.integer({ min: 300_001, max: 400 * 86_400_000 }).map((ms) => ({ code: 'event_in_future', aheadMs: ms })),
    fc.constant({ code: 'unknown_signing_key', options: { key: generateKeyPair() } }),
    fc.integer({ min: 1, max: 2 ** 39 }).map((extra) => ({ code: 'insufficient_mass', fields: { split: { id: 'x', massG: 600_000 + extra } } })),
    fc.integer({ min: 1, max: 2 ** 39 }).map((extra) => ({ code: 'receive_exceeds_sent', receive: 400_000 + extra })),
    fc.nat(85).map((position) => ({ code: 'bad_signature', tamper: position })),
  );

  it('are refused with their code and change nothing', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        let caught: unknown;
        try {
          const recordedAt = ledger.now();
          if ('unsignable' in m) {
            ledger.appendUnsignable({ v: 1, ledger: 'tally.test/custody', id: 'bad', type: 'batch.transfer', actor: 'rec-gb', at: recordedAt, ...base(), ...m.unsignable });
          } else if ('receive' in m) {
            ledger.receive('mill-gb', 'moving', m.receive);
          } else if ('tamper' in m) {
            const envelopeEntry = { ...ledger.entries[ledger.entries.length - 1]! };
            const sig = envelopeEntry.sig;
            const replacement = sig[m.tamper] === 'A' ? 'B' : 'A';
            ledger.appendEntry({ ...envelopeEntry, seq: ledger.entries.length, event: { ...envelopeEntry.event, id: 'replayed' }, sig: sig.slice(0, m.tamper) + replacement + sig.slice(m.tamper + 1) });
          } else {
            const at = 'aheadMs' in m ? new Date(Date.parse(recordedAt) + m.aheadMs).toISOString() : recordedAt;
            ledger.submit('rec-gb', 'type' in m ? m.type : 'batch.transfer', { ...base(), ...('fields' in m ? m.fields : {}) }, { at, ...('options' in m ? m.options : {}) });
          }
        } catch (err) {
          caught = err;
        }
        expect(isTallyError(caught), String(caught)).toBe(true);
        const code = (caught as { code: string }).code;
        expect(errorCatalog).toHaveProperty(code);
        expect(code).toBe(m.code);
        expect(ledger.snapshot()).toBe(snapshot);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary JSON in place of an event is refused as invalid_event and changes nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (event) => {
        let caught: unknown;
        try {
          ledger.appendUnsignable(event as Record<string, unknown>);
        } catch (err) {
          caught = err;
        }
        expect((caught as { code?: string }).code).toBe('invalid_event');
        expect(ledger.snapshot()).toBe(snapshot);
      }),
      { numRuns: 200 },
    );
  });
});
