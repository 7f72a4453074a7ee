import { describe, expect, it } from 'vitest';
import * as queries from '../../ledger/custody/queries/index.js';
import { TestLedger, t } from './harness.js';

/**
 * SPEC 4.1 scenarios with figures worked out by hand (written into the tests, not computed by the
 * code under test). Home country GB throughout.
 */

const part = (material: string, kind: string, country: string, massG: number) => ({ material, kind, country, massG });

/**
 * The battery chain:
 *  - Teesside Recycling (GB) registers two lots of black mass from UK post-consumer cells:
 *    BM-1 100 t (nickel 20, cobalt 10, lithium 4, manganese 6, other 60) and
 *    BM-2 50 t (nickel 10, cobalt 5, lithium 2, manganese 3, other 30); BM-2 is exported to Korea
 *    for refining.
 *  - Primary imports: 40 t cobalt from the DR Congo, 10 t lithium from Australia, 60 t nickel
 *    from Indonesia, each delivered to the cathode maker.
 *  - The refiner (GB) takes BM-1 and recovers nickel 19 t, cobalt 9.5 t, lithium 3.6 t (the
 *    manganese, the other 60 t and the shortfalls are process loss), sent to the cathode maker.
 *  - The cathode maker makes 200 t of NMC811 cathode: nickel 79, cobalt 49.5, lithium 13.6, and
 *    57.9 t of other (oxygen), which the pool does not hold and so is created.
 *  - The cell maker makes 300 t of cells from all of it: the same metals, other 157.9 t (57.9 from
 *    the cathode, 100 t created: electrolyte, graphite, casing), and exports 30 t of cells to Germany.
 *
 * Hand-computed recycled shares of the cells: cobalt 9.5/49.5 = 19.19% (meets 16% from 2031,
 * misses 26% from 2036), lithium 3.6/13.6 = 26.47% (meets 6% and 12%), nickel 19/79 = 24.05%
 * (meets 6% and 15%).
 */
function batteryChain(): TestLedger {
  const l = new TestLedger();
  l.participant('teesside-recycling', ['recycler'], 'GB', [['tees', 'GB']]);
  l.participant('kinshasa-cobalt', ['mine'], 'CD', [['kolwezi', 'CD']]);
  l.participant('pilbara-lithium', ['mine'], 'AU', [['pilgangoora', 'AU']]);
  l.participant('sulawesi-nickel', ['mine'], 'ID', [['morowali', 'ID']]);
  l.participant('uk-refining', ['processor'], 'GB', [['billingham', 'GB']]);
  l.participant('uk-cathode', ['processor'], 'GB', [['sunderland', 'GB']]);
  l.participant('uk-cells', ['manufacturer'], 'GB', [['coventry', 'GB']]);

  l.register('teesside-recycling', {
    id: 'BM-1', material: 'black-mass', form: 'powder', massG: t(100), site: 'tees',
    constituents: [{ material: 'nickel', massG: t(20) }, { material: 'cobalt', massG: t(10) }, { material: 'lithium', massG: t(4) }, { material: 'manganese', massG: t(6) }, { material: 'other', massG: t(60) }],
  }, { kind: 'post-consumer', country: 'GB' });
  l.register('teesside-recycling', {
    id: 'BM-2', material: 'black-mass', form: 'powder', massG: t(50), site: 'tees',
    constituents: [{ material: 'nickel', massG: t(10) }, { material: 'cobalt', massG: t(5) }, { material: 'lithium', massG: t(2) }, { material: 'manganese', massG: t(3) }, { material: 'other', massG: t(30) }],
  }, { kind: 'post-consumer', country: 'GB' });
  l.submit('teesside-recycling', 'batch.export', { batch: 'BM-2', destination: { country: 'KR', consignee: 'Ulsan Battery Materials' } });

  l.register('kinshasa-cobalt', { id: 'CO-CD', material: 'cobalt', form: 'powder', massG: t(40), site: 'kolwezi' }, { kind: 'primary', country: 'CD' });
  l.register('pilbara-lithium', { id: 'LI-AU', material: 'lithium', form: 'powder', massG: t(10), site: 'pilgangoora' }, { kind: 'primary', country: 'AU' });
  l.register('sulawesi-nickel', { id: 'NI-ID', material: 'nickel', form: 'powder', massG: t(60), site: 'morowali' }, { kind: 'primary', country: 'ID' });
  l.deliver('kinshasa-cobalt', 'CO-CD', 'uk-cathode', 'sunderland');
  l.deliver('pilbara-lithium', 'LI-AU', 'uk-cathode', 'sunderland');
  l.deliver('sulawesi-nickel', 'NI-ID', 'uk-cathode', 'sunderland');

  l.deliver('teesside-recycling', 'BM-1', 'uk-refining', 'billingham');
  l.transform('uk-refining', 'billingham', 'hydrometallurgical refining', [['BM-1', t(100)]], [
    { id: 'REC-NI', material: 'nickel', form: 'powder', massG: t(19) },
    { id: 'REC-CO', material: 'cobalt', form: 'powder', massG: t(9.5) },
    { id: 'REC-LI', material: 'lithium', form: 'powder', massG: t(3.6) },
  ]);
  for (const id of ['REC-NI', 'REC-CO', 'REC-LI']) l.deliver('uk-refining', id, 'uk-cathode', 'sunderland');

  l.transform('uk-cathode', 'sunderland', 'co-precipitation and calcination', [['REC-NI', t(19)], ['REC-CO', t(9.5)], ['REC-LI', t(3.6)], ['CO-CD', t(40)], ['LI-AU', t(10)], ['NI-ID', t(60)]], [
    { id: 'CAM-1', material: 'nmc811-cathode', form: 'powder', massG: t(200), constituents: [{ material: 'nickel', massG: t(79) }, { material: 'cobalt', massG: t(49.5) }, { material: 'lithium', massG: t(13.6) }, { material: 'other', massG: t(57.9) }] },
  ]);
  l.deliver('uk-cathode', 'CAM-1', 'uk-cells', 'coventry');
  l.transform('uk-cells', 'coventry', 'cell assembly', [['CAM-1', t(200)]], [
    { id: 'CELL-1', material: 'li-ion-cell', form: 'product', massG: t(300), constituents: [{ material: 'cobalt', massG: t(49.5) }, { material: 'lithium', massG: t(13.6) }, { material: 'nickel', massG: t(79) }, { material: 'other', massG: t(157.9) }] },
  ]);
  l.submit('uk-cells', 'batch.export', { batch: 'CELL-1', split: { id: 'CELL-1-DE', massG: t(30) }, destination: { country: 'DE', consignee: 'Zwickau Assembly' } });
  return l;
}

describe('black mass to cathode to cell (EU Battery Regulation Article 8)', () => {
  it('keeps every constituent of the cells, with 100 t of other created and none of any metal', () => {
    const l = batteryChain();
    // The cathode went whole into the cells: the cells' parts before the export are exactly its,
    // with other 57.9 t taken and 100 t created at Coventry (one part, since the key is the same).
    expect(l.batch('CAM-1')).toMatchObject({ status: 'consumed', massG: 0 });
    // 300 t of cells less the 30 t exported: every part is 9/10 of the cells' (exact here).
    expect(l.batch('CELL-1').composition).toEqual([
      part('cobalt', 'post-consumer', 'GB', t(8.55)), part('cobalt', 'primary', 'CD', t(36)),
      part('lithium', 'post-consumer', 'GB', t(3.24)), part('lithium', 'primary', 'AU', t(9)),
      part('nickel', 'post-consumer', 'GB', t(17.1)), part('nickel', 'primary', 'ID', t(54)),
      part('other', 'primary', 'GB', t(142.11)),
    ]);
    expect(l.batch('CELL-1-DE').composition).toEqual([
      part('cobalt', 'post-consumer', 'GB', t(0.95)), part('cobalt', 'primary', 'CD', t(4)),
      part('lithium', 'post-consumer', 'GB', t(0.36)), part('lithium', 'primary', 'AU', t(1)),
      part('nickel', 'post-consumer', 'GB', t(1.9)), part('nickel', 'primary', 'ID', t(6)),
      part('other', 'primary', 'GB', t(15.79)),
    ]);
    // Conservation per constituent: registered = held + exported + process loss.
    expect(l.massTotals('cobalt')).toMatchObject({ registeredG: t(55), createdG: 0, exportedG: t(5 + 4.95), processLossG: t(0.5) });
    expect(l.massTotals('manganese')).toMatchObject({ registeredG: t(9), exportedG: t(3), processLossG: t(6) });
    // other: 90 t registered in black mass, 157.9 t created (57.9 t oxygen, 100 t cell parts).
    expect(l.massTotals('other')).toMatchObject({ registeredG: t(90), createdG: t(157.9), exportedG: t(30 + 15.79), processLossG: t(60) });
  });

  it('gives the cells per-constituent figures, whole-batch figures without other, and claims per material', async () => {
    const l = batteryChain();
    const provenance = await l.provenance('CELL-1');
    expect(provenance.massG).toBe(t(270));
    // Whole-batch figures over the 127.89 t that are not other: recycled 8.55 + 3.24 + 17.1 t.
    expect(provenance.countedG).toBe(t(127.89));
    expect(provenance.recycledG).toBe(t(28.89));
    expect(provenance.byMaterial).toEqual([
      { material: 'cobalt', massG: t(44.55), recycledG: t(8.55), preConsumerG: 0, postConsumerG: t(8.55), homeOriginG: t(8.55), homeRecycledG: t(8.55) },
      { material: 'lithium', massG: t(12.24), recycledG: t(3.24), preConsumerG: 0, postConsumerG: t(3.24), homeOriginG: t(3.24), homeRecycledG: t(3.24) },
      { material: 'nickel', massG: t(71.1), recycledG: t(17.1), preConsumerG: 0, postConsumerG: t(17.1), homeOriginG: t(17.1), homeRecycledG: t(17.1) },
      { material: 'other', massG: t(142.11), recycledG: 0, preConsumerG: 0, postConsumerG: 0, homeOriginG: t(142.11), homeRecycledG: 0 },
    ]);
    expect(provenance.byCountry).toEqual([
      { country: 'AU', massG: t(9) }, { country: 'CD', massG: t(36) }, { country: 'GB', massG: t(28.89) }, { country: 'ID', massG: t(54) },
    ]);

    const { results } = await l.claims({ batch: 'CELL-1', claims: [
      { kind: 'recycled', material: 'cobalt', atLeast: 0.16 },
      { kind: 'recycled', material: 'cobalt', atLeast: 0.26 },
      { kind: 'recycled', material: 'cobalt', atLeast: '0.191919191919191919' },
      { kind: 'recycled', material: 'cobalt', atLeast: '0.19191919191919192' },
      { kind: 'recycled', material: 'lead', atLeast: 0.85 },
      { kind: 'recycled', atLeast: 0.22 },
    ] });
    expect(results.map((r) => r.holds)).toEqual([true, false, true, false, false, true]);
    expect(results[0]).toEqual({ kind: 'recycled', material: 'cobalt', atLeast: 0.16, holds: true, share: 8_550_000 / 44_550_000, model: 'controlled-blending' });
    // A material the batch does not contain: no share, and it does not hold.
    expect(results[4]).toEqual({ kind: 'recycled', material: 'lead', atLeast: 0.85, holds: false, model: 'controlled-blending' });
    expect(results[5]!.share).toBe(28_890_000 / 127_890_000);
  });

  it('gives the Article 8 lines: cobalt meets 2031 and misses 2036, lithium and nickel meet both', async () => {
    const l = batteryChain();
    const report = (await queries.batteryRecycledContent(l.source, 'CELL-1'))!;
    const line = (year: number, material: string) => report.lines.find((x) => x.year === year && x.material === material)!;
    expect(report.lines.map((x) => `${x.year} ${x.material} ${x.holds}`)).toEqual([
      '2031 cobalt true', '2031 lithium true', '2031 nickel true', '2036 cobalt false', '2036 lithium true', '2036 nickel true',
    ]);
    expect(report.absent).toEqual(['lead']);
    expect(line(2031, 'cobalt')).toMatchObject({ target: 0.16, massG: t(44.55), recycledG: t(8.55), share: 8_550_000 / 44_550_000 });
    expect(line(2036, 'cobalt')).toMatchObject({ target: 0.26, holds: false });
    expect(line(2036, 'lithium')).toMatchObject({ target: 0.12, massG: t(12.24), recycledG: t(3.24) });
    expect(line(2036, 'nickel')).toMatchObject({ target: 0.15, massG: t(71.1), recycledG: t(17.1) });
  });

  it('counts the exported black mass in cobalt retention, and flags the Congo in the cathode maker’s cobalt', async () => {
    const l = batteryChain();
    // Home-origin recycled cobalt: 10 t (BM-1) + 5 t (BM-2) registered; BM-2's 5 t exported as
    // black mass (scrap); BM-1's 10 t went into the refiner's transform at home (first time only:
    // the 9.5 t recovered are not counted again at the cathode or the cell); 0.95 t left in the
    // cells sent to Germany, after processing.
    expect(await l.retention({ material: 'cobalt' })).toEqual({
      homeCountry: 'GB', material: 'cobalt',
      registeredG: t(15), exportedG: t(5.95), exportedByCountry: { DE: t(0.95), KR: t(5) },
      exportedAsScrapG: t(5), exportedAfterProcessingG: t(0.95), processedAtHomeG: t(10), lostG: 0,
    });
    expect(await l.retention({ material: 'nickel' })).toMatchObject({ registeredG: t(30), exportedG: t(11.9), exportedByCountry: { DE: t(1.9), KR: t(10) }, processedAtHomeG: t(20) });
    expect(await l.retention({ material: 'lithium' })).toMatchObject({ registeredG: t(6), exportedG: t(2.36), processedAtHomeG: t(4) });
    // Whole-ledger retention leaves other out: 45 + 15 of the 150 t of black mass.
    expect(await l.retention()).toMatchObject({ registeredG: t(60), exportedAsScrapG: t(20) });

    // The cathode maker received cobalt 9.5 t GB + 40 t CD: the Congo is 80.8%, above 60%.
    expect(await l.concentration('uk-cathode', 'cobalt')).toEqual({
      participant: 'uk-cathode', material: 'cobalt', receivedG: t(49.5),
      byCountry: [{ country: 'CD', massG: t(40), share: 40 / 49.5 }, { country: 'GB', massG: t(9.5), share: 9.5 / 49.5 }],
      flagged: ['CD'],
    });
    // Over every material but other: 142.1 t, ID 60 t (42.2%) the largest, nothing flagged.
    expect(await l.concentration('uk-cathode')).toMatchObject({ receivedG: t(142.1), flagged: [] });
    // The cell maker received the cathode: the same cobalt, counted whatever the batch is.
    expect(await l.concentration('uk-cells', 'cobalt')).toMatchObject({ receivedG: t(49.5), flagged: ['CD'] });
  });
});

/** A brass mill melts 70 t of UK copper scrap with 30 t of Peruvian primary zinc into 98 t of brass. */
function brassMill(): TestLedger {
  const l = new TestLedger();
  l.participant('brum-metals', ['recycler'], 'GB', [['digbeth', 'GB']]);
  l.participant('andes-zinc', ['mine'], 'PE', [['cajamarquilla', 'PE']]);
  l.participant('black-country-brass', ['processor'], 'GB', [['walsall', 'GB']]);
  l.participant('fittings', ['fabricator'], 'GB', [['wolverhampton', 'GB']]);
  l.register('brum-metals', { id: 'CU-SCRAP', material: 'copper', form: 'scrap', massG: t(70), site: 'digbeth' }, { kind: 'post-consumer', country: 'GB' });
  l.register('andes-zinc', { id: 'ZN-PE', material: 'zinc', form: 'ingot', massG: t(30), site: 'cajamarquilla' }, { kind: 'primary', country: 'PE' });
  l.deliver('brum-metals', 'CU-SCRAP', 'black-country-brass', 'walsall');
  l.deliver('andes-zinc', 'ZN-PE', 'black-country-brass', 'walsall');
  l.transform('black-country-brass', 'walsall', 'melt and cast', [['CU-SCRAP', t(70)], ['ZN-PE', t(30)]], [
    { id: 'BRASS-1', material: 'brass', form: 'ingot', grade: 'CZ121', massG: t(98), constituents: [{ material: 'copper', massG: t(69) }, { material: 'zinc', massG: t(29) }] },
  ]);
  return l;
}

describe('brass from copper scrap and primary zinc', () => {
  it('holds 69 t of recycled UK copper and 29 t of Peruvian zinc: 70.41% recycled', async () => {
    const l = brassMill();
    expect(l.batch('BRASS-1').composition).toEqual([part('copper', 'post-consumer', 'GB', t(69)), part('zinc', 'primary', 'PE', t(29))]);
    const provenance = await l.provenance('BRASS-1');
    expect(provenance).toMatchObject({ massG: t(98), countedG: t(98), recycledG: t(69), homeOriginG: t(69), model: 'controlled-blending' });
    expect(provenance.shares.recycled).toBe(69 / 98);
    const { results } = await l.claims({ batch: 'BRASS-1', claims: [
      { kind: 'recycled', material: 'copper', atLeast: 1 },
      { kind: 'recycled', material: 'zinc', atLeast: 0.01 },
      { kind: 'recycled', atLeast: 0.7 },
      { kind: 'recycled', atLeast: 0.71 },
    ] });
    // All of the copper is recycled, so that claim is segregated although the melt mixed inputs.
    expect(results.map((r) => [r.holds, r.share, r.model])).toEqual([
      [true, 1, 'segregated'], [false, 0, 'controlled-blending'], [true, 69 / 98, 'controlled-blending'], [false, 69 / 98, 'controlled-blending'],
    ]);
    expect(l.massTotals('copper')).toMatchObject({ registeredG: t(70), processLossG: t(1) });
    expect(l.massTotals('zinc')).toMatchObject({ registeredG: t(30), processLossG: t(1) });
  });

  it('splits the brass per constituent by largest remainder, and a transit loss likewise', async () => {
    const l = brassMill();
    // 10,000,001 g of 98,000,000: copper 69e6 x 10,000,001 / 98e6 = 7,040,816.73, zinc 2,959,183.97;
    // the floors leave 2 g, one each (both remainders are large): 7,040,817 and 2,959,184.
    l.transfer('black-country-brass', 'BRASS-1', 'fittings', 'wolverhampton', { id: 'BRASS-1a', massG: 10_000_001 });
    expect(l.batch('BRASS-1a').composition).toEqual([part('copper', 'post-consumer', 'GB', 7_040_817), part('zinc', 'primary', 'PE', 2_959_184)]);
    expect(l.batch('BRASS-1').composition).toEqual([part('copper', 'post-consumer', 'GB', 61_959_183), part('zinc', 'primary', 'PE', 26_040_816)]);
    // 9,999,990 g arrive: keep scale(C, m): copper 7,040,809.25, zinc 2,959,180.75; the 1 g left
    // goes to zinc's larger remainder.
    l.receive('fittings', 'BRASS-1a', 9_999_990);
    expect(l.batch('BRASS-1a').composition).toEqual([part('copper', 'post-consumer', 'GB', 7_040_809), part('zinc', 'primary', 'PE', 2_959_181)]);
    expect(l.massTotals('copper')).toMatchObject({ transitLossG: 8 });
    expect(l.massTotals('zinc')).toMatchObject({ transitLossG: 3 });
    // The fabricator's zinc comes from Peru: 2,959,181 of 9,999,990 g, not above 60%.
    expect(await l.concentration('fittings', 'zinc')).toMatchObject({ receivedG: 2_959_181, flagged: ['PE'] });
    expect(await l.concentration('fittings')).toMatchObject({ receivedG: 9_999_990, byCountry: [{ country: 'GB', massG: 7_040_809 }, { country: 'PE', massG: 2_959_181 }], flagged: ['GB'] });
  });

  it('refuses more zinc than the pool holds, naming the constituent, and changes nothing', () => {
    const l = brassMill();
    l.register('brum-metals', { id: 'CU-2', material: 'copper', form: 'scrap', massG: t(10), site: 'digbeth' }, { kind: 'post-consumer', country: 'GB' });
    l.deliver('brum-metals', 'CU-2', 'black-country-brass', 'walsall');
    const refusal = l.expectRefused('constituent_exceeds_pool', () => l.transform('black-country-brass', 'walsall', 'melt', [['CU-2', t(10)]], [
      { id: 'BRASS-2', material: 'brass', form: 'ingot', massG: t(10), constituents: [{ material: 'copper', massG: t(7) }, { material: 'zinc', massG: t(3) }] },
    ]));
    expect(refusal.path).toEqual(['event', 'outputs', 0, 'constituents', 1]);
  });
});
