import { generateKeyPair, keyIdOf, type KeyPair } from '../../ledger/crypto/keys.js';
import type { Entry } from '../../schemas/entry.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import type { KvBackend } from '../../ledger/store/backend.js';
import { Ledger, type LedgerSettings } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { nodeVerify } from '../../sdk/node-verify.js';

/**
 * A small copper chain on a real Ledger (store, pipeline, checkpoints), for the SDK's verifiers.
 * Keys are generated per run, never committed. The clock is injected and moves a minute per
 * event, so that two ledgers opened with the same settings write the same genesis (forks).
 */

export const ORIGIN = 'sdk.tally.example/log';
export const START = Date.parse('2026-03-02T08:00:00.000Z');
export const kg = (kilograms: number) => Math.round(kilograms * 1000);

export interface ScenarioSettings extends LedgerSettings {
  registrarKey: KeyPair;
}

/** Settings shared by ledgers that must start from the same genesis. */
export function scenarioSettings(): ScenarioSettings {
  const registrarKey = generateKeyPair();
  return { origin: ORIGIN, homeCountry: 'GB', logKey: generateKeyPair(), registrar: { publicKey: registrarKey.publicKey }, registrarKey };
}

type Fields = Record<string, unknown>;

export class ScenarioLedger {
  readonly keys = new Map<string, KeyPair[]>();
  /** Seqs of the scenario's entries by name. */
  readonly seq: Record<string, number> = {};
  private time = START;
  private nextId = 1;

  private constructor(
    readonly ledger: Ledger,
    readonly settings: ScenarioSettings,
  ) {
    this.keys.set('registrar', [settings.registrarKey]);
  }

  static async open(settings: ScenarioSettings = scenarioSettings(), backend: KvBackend = new MemoryBackend()): Promise<ScenarioLedger> {
    let scenario: ScenarioLedger | undefined;
    const clock = () => new Date(scenario?.time ?? START);
    const ledger = await Ledger.open(backend, { ...settings, clock, verify: nodeVerify });
    scenario = new ScenarioLedger(ledger, settings);
    return scenario;
  }

  get logKey(): string {
    return this.ledger.info.logKey;
  }

  keyOf(id: string): KeyPair {
    return this.keys.get(id)!.at(-1)!;
  }

  /** The event as it would be signed, with the next id and the current time. */
  event(actor: string, type: string, fields: Fields): Fields {
    this.time += 60_000;
    return { v: 1, ledger: ORIGIN, id: `ev-${this.nextId++}`, type, actor, at: new Date(this.time).toISOString(), ...fields };
  }

  async submit(name: string, actor: string, type: string, fields: Fields, key = this.keyOf(actor)): Promise<number> {
    const { seq } = await this.ledger.submit(signEvent(this.event(actor, type, fields) as never, key.secretKey));
    this.seq[name] = seq;
    return seq;
  }

  async participant(id: string, roles: string[], sites: Array<[string, string]>): Promise<number> {
    const key = generateKeyPair();
    this.keys.set(id, [key]);
    return this.submit(`register ${id}`, 'registrar', 'participant.register', {
      participant: {
        id,
        name: `${id} Ltd`,
        roles,
        country: sites[0]![1],
        sites: sites.map(([site, country]) => ({ id: site, name: `${id} ${site}`, country })),
        keys: [toBase64Url(key.publicKey)],
      },
    });
  }
}

/**
 * The chain (GB home):
 *  - recycler (GB), trader (IE), mill (GB), fab (GB), and `other`, who has nothing to do with it;
 *  - the registrar adds a site to the mill (participant.update), the recycler rotates its key;
 *  - scrap S1 (120 kg post-consumer GB), S2 (30 kg post-consumer IE), cathode S3 (70 kg primary CL);
 *  - 100 kg of S1 split off as S1a and sent to the mill (99 kg arrive), S2 and S3 delivered,
 *    S3 to the site the update added, then moved by the mill to its melt shop (inputs are held at the
 *    transform's site, SPEC 3.2);
 *  - the mill melts S1a, S2 and 60 kg of S3 into rod ROD (150 kg); later the last 10 kg of S3 go
 *    with unrelated scrap U into OTHER (a lineage entry reaching outside the lineage);
 *  - ROD is inspected, 60 kg split off as RODF to the fabricator, the rest of ROD exported;
 *  - the fabricator corrects RODF's weight to 59.5 kg.
 * The bundle of RODF is the subject of the tests.
 */
/** The copper chain (see {@link copperChain}) with every entry of its log, as an auditor reads it. */
export async function copperChainWithEntries(): Promise<{ s: ScenarioLedger; entries: Entry[] }> {
  const s = await copperChain();
  return { s, entries: await s.ledger.entries(0, s.ledger.size) };
}

export async function copperChain(settings?: ScenarioSettings, backend?: KvBackend): Promise<ScenarioLedger> {
  const s = await ScenarioLedger.open(settings, backend);
  await s.participant('recycler', ['recycler'], [['yard', 'GB']]);
  await s.participant('trader', ['trader'], [['dub', 'IE']]);
  await s.participant('mill', ['processor'], [['melt', 'GB']]);
  await s.participant('fab', ['fabricator'], [['plant', 'GB']]);
  await s.participant('other', ['recycler'], [['lot', 'GB']]);
  await s.submit('update mill', 'registrar', 'participant.update', {
    participant: { id: 'mill', name: 'mill Ltd', roles: ['processor'], country: 'GB', sites: [{ id: 'melt', name: 'mill melt', country: 'GB' }, { id: 'store', name: 'mill store', country: 'GB' }] },
  });
  const oldKey = s.keyOf('recycler');
  const newKey = generateKeyPair();
  await s.submit('rotate recycler', 'recycler', 'participant.keys', { participant: 'recycler', add: [toBase64Url(newKey.publicKey)], revoke: [keyIdOf(oldKey.publicKey)] }, oldKey);
  s.keys.get('recycler')!.push(newKey);

  const register = (name: string, actor: string, id: string, form: string, massG: number, site: string, kind: string, country: string) =>
    s.submit(name, actor, 'batch.register', { batch: { id, material: 'copper', form, massG, site }, origin: { kind, country } });
  await register('register S1', 'recycler', 'S1', 'scrap', kg(120), 'yard', 'post-consumer', 'GB');
  await register('register S2', 'trader', 'S2', 'scrap', kg(30), 'dub', 'post-consumer', 'IE');
  await register('register S3', 'trader', 'S3', 'cathode', kg(70), 'dub', 'primary', 'CL');
  await s.submit('split S1a', 'recycler', 'batch.transfer', { batch: 'S1', to: 'mill', toSite: 'melt', split: { id: 'S1a', massG: kg(100) } });
  await s.submit('receive S1a', 'mill', 'batch.receive', { batch: 'S1a', massG: kg(99) });
  await s.submit('send S2', 'trader', 'batch.transfer', { batch: 'S2', to: 'mill', toSite: 'melt' });
  await s.submit('receive S2', 'mill', 'batch.receive', { batch: 'S2', massG: kg(30) });
  await s.submit('send S3', 'trader', 'batch.transfer', { batch: 'S3', to: 'mill', toSite: 'store' });
  await s.submit('receive S3', 'mill', 'batch.receive', { batch: 'S3', massG: kg(70) });
  await s.submit('move S3', 'mill', 'batch.transfer', { batch: 'S3', to: 'mill', toSite: 'melt' });
  await s.submit('receive S3 at melt', 'mill', 'batch.receive', { batch: 'S3', massG: kg(70) });
  await register('register U', 'recycler', 'U', 'scrap', kg(50), 'yard', 'post-consumer', 'GB');
  await s.submit('send U', 'recycler', 'batch.transfer', { batch: 'U', to: 'mill', toSite: 'melt' });
  await s.submit('receive U', 'mill', 'batch.receive', { batch: 'U', massG: kg(50) });
  await s.submit('melt ROD', 'mill', 'batch.transform', {
    process: 'melt and roll',
    site: 'melt',
    inputs: [{ batch: 'S1a', massG: kg(99) }, { batch: 'S2', massG: kg(30) }, { batch: 'S3', massG: kg(60) }],
    outputs: [{ id: 'ROD', material: 'copper', form: 'rod', massG: kg(150) }],
  });
  await s.submit('melt OTHER', 'mill', 'batch.transform', {
    process: 'melt',
    site: 'melt',
    inputs: [{ batch: 'S3', massG: kg(10) }, { batch: 'U', massG: kg(50) }],
    outputs: [{ id: 'OTHER', material: 'copper', form: 'ingot', massG: kg(55) }],
  });
  await s.submit('inspect ROD', 'mill', 'batch.attest', { batch: 'ROD', kind: 'inspection', sha256: 'a'.repeat(64) });
  await s.submit('split RODF', 'mill', 'batch.transfer', { batch: 'ROD', to: 'fab', toSite: 'plant', split: { id: 'RODF', massG: kg(60) } });
  await s.submit('receive RODF', 'fab', 'batch.receive', { batch: 'RODF', massG: kg(60) });
  await s.submit('export ROD', 'mill', 'batch.export', { batch: 'ROD', destination: { country: 'FR', consignee: 'Cuivre SA' } });
  await s.submit('adjust RODF', 'fab', 'batch.adjust', { batch: 'RODF', massG: kg(59.5), reason: 'weighbridge recalibrated' });
  await register('register X', 'other', 'X', 'scrap', kg(5), 'lot', 'post-consumer', 'GB');
  return s;
}

/** Scenario entries every bundle of RODF must hold, besides genesis. */
export const RODF_PARTICIPANT_ENTRIES = ['register recycler', 'register trader', 'register mill', 'register fab', 'update mill', 'rotate recycler'];
export const RODF_LINEAGE = [
  'register S1', 'register S2', 'register S3', 'split S1a', 'receive S1a', 'send S2', 'receive S2', 'send S3', 'receive S3',
  'move S3', 'receive S3 at melt', 'melt ROD', 'inspect ROD', 'split RODF', 'receive RODF', 'adjust RODF',
];
/**
 * Entries of RODF's ancestors after RODF's material left them: the later melt of S3's last 10 kg with
 * unrelated scrap U, and the export of the rest of ROD. They are not part of RODF's lineage.
 */
export const AFTER_RODF_LEFT = ['melt OTHER', 'export ROD'];
/** Lineage entries that change nothing RODF's state depends on: leaving them out goes unnoticed. */
export const RODF_IRRELEVANT = ['inspect ROD'];
