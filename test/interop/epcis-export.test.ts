import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHashes, vocabularyOfExpansion } from '../../ledger/interop/epcis/event-hash.js';
import { vocabularyOfTallyDocument } from '../../ledger/interop/epcis/vocabulary.js';
import { TestServer } from '../support/server.js';
import { epcisDocumentLoader, referenceMissing } from './reference.js';
import { epcisSchema } from './schemas.js';
import { buildCopperChain, type Chain } from './supply-chain.js';

/**
 * GET /v1/batches/{id}/epcis (SPEC 6.2): the lineage as an EPCIS 2.0 document that the official
 * JSON Schema accepts, mapped as SPEC 6.2 fixes it, each eventID the CBV 2.0 hash that an
 * independent path (a JSON-LD processor over the published context, then our port of the
 * reference generator) computes; access as for the batch.
 */
let server: TestServer;
let chain: Chain;
const schemaMissing = referenceMissing('epcis', 'EPCIS-JSON-Schema.json');

beforeAll(async () => {
  server = await TestServer.start({ origin: 'ledger.example/uk' });
  chain = await buildCopperChain(server);
});
afterAll(() => server?.close());

const get = (batch: string, who = chain.cableMaker) => server.signedGet(`/v1/batches/${batch}/epcis`, who.signer);

describe('EPCIS export', () => {
  it('maps every batch entry of the lineage, in seq order, as SPEC 6.2 fixes', async () => {
    const res = await get('rod-lot-1');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/ld\+json/);
    const doc = res.body;
    expect(doc['@context']).toEqual(['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { tally: 'https://ledger.example/uk/ns/' }]);
    const provenance = (await server.signedGet('/v1/batches/rod-lot-1/provenance', chain.cableMaker.signer)).body;
    const events = doc.epcisBody.eventList;
    expect(events.map((e: any) => e['tally:seq'])).toEqual(provenance.lineage);
    const byType = (type: string) => events.filter((e: any) => e['tally:type'] === type);

    const [register] = byType('batch.register');
    expect(register).toMatchObject({
      type: 'ObjectEvent', action: 'ADD', bizStep: 'commissioning', disposition: 'active', eventTimeZoneOffset: '+00:00',
      quantityList: [{ epcClass: 'https://ledger.example/uk/batch/scrap-1', quantity: 12000, uom: 'KGM' }],
      readPoint: { id: 'https://ledger.example/uk/participant/recycler/site/yard' },
      bizLocation: { id: 'https://ledger.example/uk/participant/recycler/site/yard' },
    });
    expect(register.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const sale = byType('batch.transfer').find((e: any) => e.quantityList[0].epcClass.endsWith('/rod-lot-1'));
    expect(sale).toMatchObject({
      action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit',
      quantityList: [{ quantity: 5000, uom: 'KGM' }],
      sourceList: [
        { type: 'owning_party', source: 'https://ledger.example/uk/participant/mill' },
        { type: 'possessing_party', source: 'https://ledger.example/uk/participant/mill' },
      ],
      destinationList: [
        { type: 'owning_party', destination: 'https://ledger.example/uk/participant/cable-maker' },
        { type: 'possessing_party', destination: 'https://ledger.example/uk/participant/cable-maker' },
        { type: 'location', destination: 'https://ledger.example/uk/participant/cable-maker/site/plant' },
      ],
    });
    // Every source, destination and bizTransaction lists `type` first.
    for (const e of events) for (const s of [...(e.sourceList ?? []), ...(e.destinationList ?? [])]) expect(Object.keys(s)[0]).toBe('type');
    const receipt = byType('batch.receive').find((e: any) => e.quantityList[0].epcClass.endsWith('/rod-lot-1'));
    // Kilograms as the exact decimal of the grams: 4 999 750 g.
    expect(receipt).toMatchObject({ bizStep: 'receiving', disposition: 'in_progress', quantityList: [{ quantity: 4999.75 }] });
    expect(byType('batch.reject')[0]).toMatchObject({ bizStep: 'receiving', disposition: 'non_conformant', 'tally:reason': 'wet load' });
    const [melt] = byType('batch.transform');
    expect(melt).toMatchObject({
      type: 'TransformationEvent', bizStep: 'commissioning', disposition: 'active', 'tally:process': 'melt and roll',
      inputQuantityList: [{ epcClass: 'https://ledger.example/uk/batch/scrap-1', quantity: 12000 }, { epcClass: 'https://ledger.example/uk/batch/cathode-1', quantity: 6999.5 }],
      outputQuantityList: [{ epcClass: 'https://ledger.example/uk/batch/rod-1', quantity: 18001.234 }],
    });
    expect(byType('batch.attest')[0]).toMatchObject({ bizStep: 'inspecting', disposition: 'conformant' });
    expect(byType('batch.adjust')[0]).toMatchObject({ bizStep: 'inspecting', disposition: 'active', quantityList: [{ quantity: 18000 }] });
    for (const e of events) expect(e['tally:entryHash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('maps retire, recall and export (the lineage of the mill rod)', async () => {
    const lot = (await get('rod-lot-1')).body.epcisBody.eventList;
    expect(lot.find((e: any) => e['tally:type'] === 'batch.retire')).toMatchObject({ action: 'DELETE', bizStep: 'decommissioning', disposition: 'inactive', quantityList: [{ quantity: 1000 }] });
    const rod = (await get('rod-export-1', chain.mill)).body.epcisBody.eventList;
    expect(rod.find((e: any) => e['tally:type'] === 'batch.export')).toMatchObject({
      action: 'OBSERVE', bizStep: 'shipping', disposition: 'in_transit',
      quantityList: [{ epcClass: 'https://ledger.example/uk/batch/rod-export-1', quantity: 2000 }],
      destinationList: [{ type: 'location', destination: 'urn:iso:std:iso:3166:-1:DE' }],
      'tally:wasteCode': 'basel:B1010', 'tally:consignee': 'Kupfer GmbH',
    });
    const recalled = (await get('rod-lot-2', chain.mill)).body.epcisBody.eventList;
    const recall = recalled.find((e: any) => e['tally:type'] === 'batch.reject' && e['tally:reason'] === 'recalled');
    // The sender recalls at its own site.
    expect(recall.readPoint.id).toBe('https://ledger.example/uk/participant/mill/site/works');
  });

  it.skipIf(schemaMissing !== undefined)('every document validates against the official EPCIS 2.0 JSON Schema', async () => {
    const check = epcisSchema();
    for (const [batch, who] of [['scrap-1', chain.recycler], ['cathode-1', chain.trader], ['rod-1', chain.mill], ['rod-lot-1', chain.cableMaker], ['rod-lot-2', chain.mill], ['rod-export-1', chain.auditor]] as const) {
      const res = await get(batch, who);
      expect(res.status).toBe(200);
      const { ok, errors } = check(res.body);
      expect(ok, `${batch}: ${errors}`).toBe(true);
    }
  });

  it.skipIf(referenceMissing('epcis', 'epcis-context-2.0.0.jsonld') !== undefined)(
    'eventIDs are the CBV 2.0 hashes, with the bare values expanded by JSON-LD over the published context',
    async () => {
      for (const batch of ['rod-lot-1', 'rod-export-1']) {
        const doc = (await get(batch, chain.auditor)).body;
        const expanded = vocabularyOfExpansion(await jsonld.expand(doc, { documentLoader: epcisDocumentLoader() as any }));
        // Tally's own vocabulary table agrees with the context, value for value.
        expect([...vocabularyOfTallyDocument(doc.epcisBody.eventList)].sort()).toEqual([...expanded].sort());
        expect(doc.epcisBody.eventList.map((e: any) => e.eventID)).toEqual(eventHashes(doc, expanded));
        for (const id of doc.epcisBody.eventList.map((e: any) => e.eventID)) expect(id).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
      }
    },
  );

  it('changes an eventID when any mapped field changes (the tally: fields are hashed too)', async () => {
    const doc = (await get('rod-lot-1')).body;
    const vocabulary = vocabularyOfTallyDocument(doc.epcisBody.eventList);
    const before = eventHashes(doc, vocabulary);
    for (const mutate of [(e: any) => (e['tally:seq'] += 1), (e: any) => (e.quantityList[0].quantity += 0.001), (e: any) => (e.eventTime = '2020-01-01T00:00:00.000Z')]) {
      const copy = structuredClone(doc);
      mutate(copy.epcisBody.eventList[0]);
      const after = eventHashes(copy, vocabulary);
      expect(after[0]).not.toBe(before[0]);
      expect(after.slice(1)).toEqual(before.slice(1));
    }
  });

  it('follows the batch access rules: 401 unsigned, 404 to a bystander or for an unknown batch', async () => {
    expect((await server.get('/v1/batches/rod-lot-1/epcis')).status).toBe(401);
    const bystander = await get('rod-lot-1', chain.bystander);
    expect(bystander.status).toBe(404);
    expect(bystander.body.code).toBe('not_found');
    expect((await get('no-such-batch', chain.auditor)).status).toBe(404);
    // The recycler sees its scrap, not what the mill made of it.
    expect((await get('scrap-1', chain.recycler)).status).toBe(200);
    expect((await get('rod-1', chain.recycler)).status).toBe(404);
  });
});
