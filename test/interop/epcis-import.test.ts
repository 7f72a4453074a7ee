import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromEpcis, type ImportedEvent } from '../../ledger/interop/epcis/import.js';
import { tallyOneStream as tally } from '../cli/run.js';
import { EventSigner } from '../../sdk/event-builder.js';
import { writeKeyFile } from '../../sdk/node/key-file.js';
import { registerParticipant } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/**
 * EPCIS in: the events a site system emits become Tally events the actor signs (SDK fromEpcis,
 * `tally submit --epcis`), and anything without a Tally counterpart is refused naming the EPCIS
 * field. The document a yard's system would send, written as GS1 examples write them (bare CBV
 * words, web URIs and CBV 1.x URNs mixed).
 */
const ORIGIN = 'ledger.example/uk';
const u = (path: string) => `https://${ORIGIN}/${path}`;
// Recent times: the ledger takes events back-dated by at most 31 days.
const hourAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
/** The same instant as at(0), written in UTC+01:00 as a site system in Paris would. */
const inParis = new Date(hourAgo.getTime() + 3_600_000).toISOString().replace('Z', '+01:00');
const at = (minutes: number) => new Date(hourAgo.getTime() + minutes * 60_000).toISOString();
const q = (batch: string, kg: number) => ({ epcClass: u(`batch/${batch}`), quantity: kg, uom: 'KGM' });

const siteSystemDocument = {
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { tally: u('ns/') }],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-03-01T09:00:00Z',
  epcisBody: {
    eventList: [
      {
        type: 'ObjectEvent', eventTime: inParis, eventTimeZoneOffset: '+01:00', action: 'ADD',
        bizStep: 'commissioning', disposition: 'https://ref.gs1.org/cbv/Disp-active',
        quantityList: [q('yard-lot-7', 2500.5)], readPoint: { id: u('participant/yard/site/gate') },
        ilmd: { 'tally:material': 'aluminium', 'tally:form': 'scrap', 'tally:originKind': 'post-consumer', 'tally:originCountry': 'GB' },
      },
      {
        type: 'ObjectEvent', eventTime: at(10), eventTimeZoneOffset: '+00:00', action: 'OBSERVE',
        bizStep: 'urn:epcglobal:cbv:bizstep:shipping', disposition: 'in_transit', quantityList: [q('yard-lot-7', 2500.5)],
        readPoint: { id: u('participant/yard/site/gate') },
        destinationList: [
          { type: 'owning_party', destination: u('participant/smelter') },
          { type: 'location', destination: u('participant/smelter/site/furnace') },
        ],
      },
    ],
  },
};

let server: TestServer;
let yard: Party;
let smelter: Party;
let work: string;

beforeAll(async () => {
  server = await TestServer.start({ origin: ORIGIN });
  yard = await registerParticipant(server, 'yard', ['recycler'], 'GB', [['gate', 'GB']]);
  smelter = await registerParticipant(server, 'smelter', ['processor'], 'GB', [['furnace', 'GB']]);
  work = mkdtempSync(join(tmpdir(), 'tally-epcis-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});


describe('fromEpcis', () => {
  it('maps a site system\'s register and shipping to the Tally events the actor signs', () => {
    const events = fromEpcis(siteSystemDocument, { origin: ORIGIN, actor: 'yard' });
    expect(events.map((e) => e.type)).toEqual(['batch.register', 'batch.transfer']);
    expect(events[0]!.fields).toMatchObject({
      at: at(0),
      batch: { id: 'yard-lot-7', material: 'aluminium', form: 'scrap', massG: 2_500_500, site: 'gate' },
      origin: { kind: 'post-consumer', country: 'GB' },
    });
    expect(events[1]!.fields).toMatchObject({ batch: 'yard-lot-7', to: 'smelter', toSite: 'furnace' });
    // Ids are stable: importing the same document twice resubmits, it does not duplicate.
    expect(fromEpcis(siteSystemDocument, { origin: ORIGIN, actor: 'yard' }).map((e) => e.fields.id)).toEqual(events.map((e) => e.fields.id));
  });

  it('round-trips what Tally exports: the exported events map back to the events that were signed', async () => {
    const signer = new EventSigner({ ledger: ORIGIN, actor: 'smelter', secretKey: smelter.key.secretKey });
    const receipt = signer.sign('batch.receive', { batch: 'yard-lot-7', massG: 2_500_000 });
    // (the document above is submitted by the CLI test below first)
    await tallySubmitYardDocument();
    expect((await server.submit(receipt)).status).toBe(201);
    const exported = (await server.signedGet('/v1/batches/yard-lot-7/epcis', smelter.signer)).body;
    // Each event maps for the participant it happened at (its readPoint), the one who signed it.
    const back: ImportedEvent[] = exported.epcisBody.eventList.flatMap((e: any) => fromEpcis([e], { origin: ORIGIN, actor: e.readPoint.id.split('/participant/')[1].split('/')[0] }));
    expect(back.map((e) => e.type)).toEqual(['batch.register', 'batch.transfer', 'batch.receive']);
    expect(back[2]!.fields).toMatchObject({ batch: 'yard-lot-7', massG: 2_500_000, at: new Date(receipt.event.at).toISOString() });
    const original = fromEpcis(siteSystemDocument, { origin: ORIGIN, actor: 'yard' });
    expect(back[0]!.fields).toMatchObject({ batch: original[0]!.fields.batch, origin: original[0]!.fields.origin, at: original[0]!.fields.at });
  });

  it('names the EPCIS field of anything that does not map', () => {
    const event = siteSystemDocument.epcisBody.eventList[0]!;
    const cases: Array<[unknown, Array<string | number>]> = [
      [{ ...event, ilmd: { ...event.ilmd, 'tally:material': undefined } }, ['ilmd', 'tally:material']],
      [{ ...event, quantityList: [{ ...q('yard-lot-7', 1), uom: 'TNE' }] }, ['quantityList', 0, 'uom']],
      [{ ...event, quantityList: [q('yard-lot-7', 0.0005)] }, ['quantityList', 0, 'quantity']],
      [{ ...event, quantityList: [{ ...q('x', 1), epcClass: 'https://id.gs1.org/01/09520123456788' }] }, ['quantityList', 0, 'epcClass']],
      [{ ...event, epcList: ['urn:epc:id:sgtin:0614141.107346.2017'] }, ['epcList']],
      [{ ...event, readPoint: { id: u('participant/smelter/site/furnace') } }, ['readPoint', 'id']],
      [{ ...event, bizStep: 'packing' }, ['bizStep']],
      [{ ...event, type: 'AggregationEvent' }, ['type']],
      [{ ...event, eventTime: 'yesterday' }, ['eventTime']],
      [{ ...siteSystemDocument.epcisBody.eventList[1], destinationList: [] }, ['destinationList']],
    ];
    for (const [bad, field] of cases) {
      const doc = { ...siteSystemDocument, epcisBody: { eventList: [event, bad] } };
      let caught: any;
      try {
        fromEpcis(doc, { origin: ORIGIN, actor: 'yard' });
      } catch (err) {
        caught = err;
      }
      expect(caught?.code, JSON.stringify(field)).toBe('epcis_unmappable');
      expect(caught.path).toEqual(['epcisBody', 'eventList', 1, ...field]);
    }
  });
});

let submitted = false;
async function tallySubmitYardDocument(): Promise<void> {
  if (submitted) return;
  submitted = true;
  const keyFile = join(work, 'yard.json');
  writeKeyFile(keyFile, yard.key);
  const docFile = join(work, 'site-system.jsonld');
  writeFileSync(docFile, JSON.stringify(siteSystemDocument));
  const run = await tally('submit', '--epcis', docFile, '--key', keyFile, '--as', 'yard', '--url', server.url);
  expect(run.code, run.out).toBe(0);
  expect(run.out).toMatch(/appended batch.register epcis-[0-9a-f]+ as entry \d+\nappended batch.transfer/);
  // Again: every event is an identical resubmission, so nothing is appended twice.
  const again = await tally('submit', '--epcis', docFile, '--key', keyFile, '--as', 'yard', '--url', server.url, '--json');
  expect(again.code).toBe(0);
  const size = await server.logSize();
  expect((await tally('submit', '--epcis', docFile, '--key', keyFile, '--as', 'yard', '--url', server.url)).code).toBe(0);
  expect(await server.logSize()).toBe(size);
}

describe('tally submit --epcis', () => {
  it('signs and submits every event, idempotently', async () => {
    await tallySubmitYardDocument();
    expect((await server.signedGet('/v1/batches/yard-lot-7', yard.signer)).body.massG).toBeGreaterThan(0);
  });

  it('exits 1 naming the EPCIS field when an event does not map', async () => {
    const keyFile = join(work, 'yard.json');
    const bad = { ...siteSystemDocument, epcisBody: { eventList: [{ ...siteSystemDocument.epcisBody.eventList[0], bizStep: 'packing' }] } };
    const file = join(work, 'bad.jsonld');
    writeFileSync(file, JSON.stringify(bad));
    const run = await tally('submit', '--epcis', file, '--key', keyFile, '--as', 'yard', '--url', server.url);
    expect(run.code).toBe(1);
    expect(run.out).toContain('[epcis_unmappable] epcisBody.eventList.0.bizStep');
    expect(readFileSync(file, 'utf8')).toContain('packing');
  });
});
