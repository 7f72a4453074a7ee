import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signVcJose } from '../../ledger/interop/untp/vc-jose.js';
import { fromEpcis } from '../../ledger/interop/epcis/import.js';
import { issuePassport, verifyPassport } from '../../sdk/passport.js';
import { append, deliver, kg, registerParticipant } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';
import { referenceMissing } from './reference.js';
import { dppSchema, epcisSchema } from './schemas.js';

/**
 * A battery chain with constituents (SPEC 4.1): UK post-consumer black mass (cobalt, lithium,
 * nickel, other) and Congolese primary cobalt refined into NMC cathode material. Its passport
 * carries one Material per (constituent, origin country) with `other` left out, shares over the
 * grams that are not `other`, and the EU Article 8 recycled-content figures; a verifier
 * recomputes all of them from the bundle.
 */
let server: TestServer;
let recycler: Party;
let miner: Party;
let refiner: Party;
let logKey: string;

beforeAll(async () => {
  server = await TestServer.start({ origin: 'ledger.example/uk' });
  recycler = await registerParticipant(server, 'recycler', ['recycler'], 'GB', [['yard', 'GB']]);
  miner = await registerParticipant(server, 'miner', ['mine'], 'CD', [['pit', 'CD']]);
  refiner = await registerParticipant(server, 'refiner', ['processor'], 'GB', [['plant', 'GB']]);
  await append(server, recycler, 'batch.register', {
    batch: {
      id: 'black-mass-1', material: 'black-mass', form: 'powder', massG: kg(1000), site: 'yard',
      constituents: [{ material: 'cobalt', massG: kg(100) }, { material: 'lithium', massG: kg(30) }, { material: 'nickel', massG: kg(200) }, { material: 'other', massG: kg(670) }],
    },
    origin: { kind: 'post-consumer', country: 'GB' },
  });
  await append(server, miner, 'batch.register', { batch: { id: 'cobalt-1', material: 'cobalt', form: 'concentrate', massG: kg(100), site: 'pit' }, origin: { kind: 'primary', country: 'CD' } });
  await deliver(server, recycler, 'black-mass-1', refiner, 'plant', kg(1000));
  await deliver(server, miner, 'cobalt-1', refiner, 'plant', kg(100));
  await append(server, refiner, 'batch.transform', {
    process: 'hydrometallurgical refining and calcination',
    site: 'plant',
    inputs: [{ batch: 'black-mass-1', massG: kg(1000) }, { batch: 'cobalt-1', massG: kg(100) }],
    outputs: [{
      id: 'cathode-1', material: 'nmc811-cathode', form: 'powder', massG: kg(680),
      constituents: [{ material: 'cobalt', massG: kg(150) }, { material: 'lithium', massG: kg(30) }, { material: 'nickel', massG: kg(200) }, { material: 'other', massG: kg(300) }],
    }],
  });
  await append(server, miner, 'batch.register', { batch: { id: 'cobalt-2', material: 'cobalt', form: 'concentrate', massG: kg(50), site: 'pit' }, origin: { kind: 'primary', country: 'CD' } });
  logKey = (await server.get('/v1/log')).body.logKey;
});
afterAll(() => server?.close());

describe('battery passport', () => {
  it('states one Material per constituent and country, other left out, shares over the non-other grams', async () => {
    const p = (await server.signedGet('/v1/batches/cathode-1/passport', refiner.signer)).body;
    const m = p.credentialSubject.materialsProvenance;
    expect(m.map((x: any) => [x.name, x.originCountry, x.mass.value, x.massFraction, x.recycledMassFraction])).toEqual([
      ['cobalt', 'CD', 75, 75 / 380, 0],
      ['cobalt', 'GB', 75, 75 / 380, 1],
      ['lithium', 'GB', 30, 30 / 380, 1],
      ['nickel', 'GB', 200, 200 / 380, 1],
    ]);
    if (!referenceMissing('untp-0.6.1', 'dpp', 'untp-dpp-schema.json')) {
      const check = dppSchema()(p);
      expect(check.ok, check.errors).toBe(true);
    }
  });

  it('carries the EU Article 8 recycled-content figures for cobalt, lithium and nickel', async () => {
    const claims = (await server.signedGet('/v1/batches/cathode-1/passport', refiner.signer)).body.credentialSubject.conformityClaim;
    const figures = claims.map((c: any) => [c.id.split('#')[1], c.declaredValue.map((d: any) => d.metricValue.value), c.conformance]);
    expect(figures).toEqual([
      ['eu-2023-1542-article-8-cobalt', [0.5, 0, 0.5], true],
      ['eu-2023-1542-article-8-lithium', [1, 0, 1], true],
      ['eu-2023-1542-article-8-nickel', [1, 0, 1], true],
    ]);
    const noLead = claims.find((c: any) => c.id.endsWith('-lead'));
    expect(noLead).toBeUndefined();
    // Primary cobalt alone fails the 16% line.
    const cobalt = (await server.signedGet('/v1/batches/cobalt-2/passport', miner.signer)).body.credentialSubject.conformityClaim;
    expect(cobalt).toHaveLength(1);
    expect(cobalt[0]).toMatchObject({ conformance: false, conformityTopic: 'circularity.content' });
  });

  it('verifies against its bundle, and a forged Article 8 figure fails', async () => {
    const passport = (await server.signedGet('/v1/batches/cathode-1/passport', refiner.signer)).body;
    const bundle = (await server.signedGet(`/v1/batches/cathode-1/bundle?size=${passport.evidence[0].treeSize}`, refiner.signer)).body;
    await expect(verifyPassport(issuePassport(passport, refiner.key.secretKey), bundle, logKey)).resolves.toMatchObject({ ok: true, custodian: 'refiner' });
    const forged = structuredClone(passport);
    forged.credentialSubject.conformityClaim[0].declaredValue[0].metricValue.value = 0.9;
    await expect(verifyPassport(signVcJose(forged, refiner.key.secretKey, refiner.key.publicKey), bundle, logKey)).rejects.toMatchObject({ code: 'passport_figures_mismatch' });
    const otherShown = structuredClone(passport);
    otherShown.credentialSubject.materialsProvenance.push({ type: ['Material'], name: 'other', originCountry: 'GB', massFraction: 0, recycledMassFraction: 1, mass: { type: ['Measure'], value: 300, unit: 'KGM' } });
    await expect(verifyPassport(signVcJose(otherShown, refiner.key.secretKey, refiner.key.publicKey), bundle, logKey)).rejects.toMatchObject({ code: 'passport_figures_mismatch' });
  });

  it('exports constituents in ILMD, valid EPCIS, and imports them back', async () => {
    const doc = (await server.signedGet('/v1/batches/cathode-1/epcis', refiner.signer)).body;
    if (!referenceMissing('epcis', 'EPCIS-JSON-Schema.json')) {
      const check = epcisSchema()(doc);
      expect(check.ok, check.errors).toBe(true);
    }
    const melt = doc.epcisBody.eventList.find((e: any) => e.type === 'TransformationEvent');
    const [imported] = fromEpcis([melt], { origin: 'ledger.example/uk', actor: 'refiner' });
    expect((imported!.fields.outputs as any)[0].constituents).toEqual([
      { material: 'cobalt', massG: kg(150) }, { material: 'lithium', massG: kg(30) }, { material: 'nickel', massG: kg(200) }, { material: 'other', massG: kg(300) },
    ]);
    const register = doc.epcisBody.eventList.find((e: any) => e['tally:type'] === 'batch.register' && e.quantityList[0].epcClass.endsWith('black-mass-1'));
    expect((fromEpcis([register], { origin: 'ledger.example/uk', actor: 'recycler' })[0]!.fields.batch as any).constituents).toHaveLength(4);
  });
});
