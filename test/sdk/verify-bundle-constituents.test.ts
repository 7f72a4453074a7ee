import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditBundle } from '../../schemas/bundle.js';
import { getProvenance } from '../../ledger/custody/queries/index.js';
import { assembleBundle } from '../../ledger/store/bundle-source.js';
import { bundleClaims, verifyBundle } from '../../sdk/verify/index.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { kg, ScenarioLedger } from './scenario.js';
import { refusal } from './support.js';

/**
 * Offline verification of a batch of several constituents (SPEC 4.1, 7): a brass mill melts
 * 700 kg of UK copper scrap with 300 kg of Peruvian zinc into 980 kg of brass (copper 690, zinc
 * 290) and sends 100,001 g of it to a fitter. The bundle's entries alone must give the split's
 * composition per constituent (copper 690,000 x 100,001 / 980,000 = 70,408.87 g, zinc 29,592.13:
 * the floors leave 1 g, to copper's larger remainder), and a bundle claiming otherwise is refused.
 */
let s: ScenarioLedger;
let bundle: AuditBundle;

beforeAll(async () => {
  s = await ScenarioLedger.open();
  await s.participant('recycler', ['recycler'], [['yard', 'GB']]);
  await s.participant('zinc', ['mine'], [['mine', 'PE']]);
  await s.participant('mill', ['processor'], [['melt', 'GB']]);
  await s.participant('fitter', ['fabricator'], [['shop', 'GB']]);
  await s.submit('register copper', 'recycler', 'batch.register', { batch: { id: 'CU', material: 'copper', form: 'scrap', massG: kg(700), site: 'yard' }, origin: { kind: 'post-consumer', country: 'GB' } });
  await s.submit('register zinc', 'zinc', 'batch.register', { batch: { id: 'ZN', material: 'zinc', form: 'ingot', massG: kg(300), site: 'mine' }, origin: { kind: 'primary', country: 'PE' } });
  for (const [from, batch] of [['recycler', 'CU'], ['zinc', 'ZN']] as const) {
    await s.submit(`send ${batch}`, from, 'batch.transfer', { batch, to: 'mill', toSite: 'melt' });
    await s.submit(`receive ${batch}`, 'mill', 'batch.receive', { batch, massG: kg(batch === 'CU' ? 700 : 300) });
  }
  await s.submit('melt', 'mill', 'batch.transform', {
    process: 'melt and cast', site: 'melt',
    inputs: [{ batch: 'CU', massG: kg(700) }, { batch: 'ZN', massG: kg(300) }],
    outputs: [{ id: 'BRASS', material: 'brass', form: 'rod', massG: kg(980), constituents: [{ material: 'copper', massG: kg(690) }, { material: 'zinc', massG: kg(290) }] }],
  });
  await s.submit('split', 'mill', 'batch.transfer', { batch: 'BRASS', to: 'fitter', toSite: 'shop', split: { id: 'BRASS-F', massG: 100_001 } });
  await s.submit('receive split', 'fitter', 'batch.receive', { batch: 'BRASS-F', massG: 100_001 });
  bundle = (await assembleBundle(s.ledger, 'BRASS-F'))!;
});
afterAll(() => s.ledger.close());

describe('verifyBundle of a batch of several constituents', () => {
  it('recomputes the composition per constituent from the entries alone, as the server has it', async () => {
    const verified = await verifyBundle(structuredClone(bundle), s.logKey);
    expect(verified.batch.composition).toEqual([
      { material: 'copper', kind: 'post-consumer', country: 'GB', massG: 70_409 },
      { material: 'zinc', kind: 'primary', country: 'PE', massG: 29_592 },
    ]);
    const server = (await getProvenance(s.ledger.state, 'BRASS-F'))!;
    expect(verified.provenance.byMaterial).toEqual(server.byMaterial);
    expect(verified.provenance.byMaterial.map((m) => [m.material, m.massG, m.recycledG])).toEqual([['copper', 70_409, 70_409], ['zinc', 29_592, 0]]);
    // Claims per constituent, offline, agree with what the composition says.
    const { results } = await bundleClaims(verified, [
      { kind: 'recycled', material: 'copper', atLeast: 1 },
      { kind: 'recycled', material: 'zinc', atLeast: 0.01 },
      { kind: 'recycled', atLeast: 0.704 },
    ]);
    expect(results.map((r) => r.holds)).toEqual([true, false, true]);
  });

  it('refuses a bundle that claims a different split between the constituents', async () => {
    const forged = structuredClone(bundle);
    forged.batch.composition = [
      { material: 'copper', kind: 'post-consumer', country: 'GB', massG: 70_408 },
      { material: 'zinc', kind: 'primary', country: 'PE', massG: 29_593 },
    ];
    await refusal('bundle_figures_mismatch', verifyBundle(forged, s.logKey, { verify: nodeVerify }));
  });
});
