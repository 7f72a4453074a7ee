import { describe, expect, it } from 'vitest';
import { TestLedger, t } from './harness.js';

/**
 * SPEC 4's worked example as a three-tier chain: a UK and an Irish scrap merchant and a cathode
 * trader supply a rod mill; the rod mill sells a lot of rod to a cable maker. Claims at each tier.
 */
describe('a three-tier copper chain: scrap, rod, cable', () => {
  function scrapTier() {
    const ledger = new TestLedger();
    ledger.participant('sheffield-scrap', ['recycler'], 'GB', [['attercliffe', 'GB']]);
    ledger.participant('dublin-metals', ['recycler'], 'IE', [['ballymount', 'IE']]);
    ledger.participant('cathode-trader', ['trader'], 'GB', [['liverpool-dock', 'GB']]);
    ledger.participant('rod-mill', ['processor'], 'GB', [['warrington', 'GB']]);
    ledger.participant('cable-maker', ['fabricator'], 'GB', [['wrexham', 'GB']]);

    ledger.register('sheffield-scrap', { id: 'birch-cliff-1', material: 'copper', form: 'scrap', grade: 'Birch/Cliff', massG: t(120), site: 'attercliffe' }, { kind: 'post-consumer', country: 'GB' });
    ledger.register('dublin-metals', { id: 'ie-berry-9', material: 'copper', form: 'scrap', grade: 'Barley', massG: t(30), site: 'ballymount' }, { kind: 'post-consumer', country: 'IE' });
    ledger.register('cathode-trader', { id: 'cl-cathode-44', material: 'copper', form: 'cathode', massG: t(70), site: 'liverpool-dock' }, { kind: 'primary', country: 'CL' });
    for (const [from, batch] of [['sheffield-scrap', 'birch-cliff-1'], ['dublin-metals', 'ie-berry-9'], ['cathode-trader', 'cl-cathode-44']] as const) {
      ledger.deliver(from, batch, 'rod-mill', 'warrington');
    }
    return ledger;
  }

  function rodChain() {
    const ledger = scrapTier();
    ledger.transform('rod-mill', 'warrington', 'melt and roll 8 mm rod', [['birch-cliff-1', t(120)], ['ie-berry-9', t(30)], ['cl-cathode-44', t(70)]], [
      { id: 'rod-8mm-0302', material: 'copper', form: 'rod', massG: t(200) },
    ]);
    ledger.deliver('rod-mill', 'rod-8mm-0302', 'cable-maker', 'wrexham', { id: 'rod-lot-wx1', massG: t(50) });
    return ledger;
  }

  function chain() {
    const ledger = rodChain();
    ledger.transform('cable-maker', 'wrexham', 'draw and insulate', [['rod-lot-wx1', t(50)]], [
      { id: 'cable-6242y-drum-1', material: 'copper', form: 'product', massG: t(48) },
    ]);
    return ledger;
  }

  it('tier 1: the Sheffield scrap, delivered to the rod mill, is wholly recycled, identity preserved, never exported', async () => {
    const ledger = scrapTier();
    const { results } = await ledger.claims({
      batch: 'birch-cliff-1',
      claims: [{ kind: 'recycled', atLeast: 1 }, { kind: 'home-recycled', atLeast: 1 }, { kind: 'home-processed' }, { kind: 'not-exported' }],
    });
    expect(results.every((r) => r.holds && r.model === 'identity-preserved')).toBe(true);
  });

  it('tier 2: the rod is SPEC 4\'s worked example, to the gram', async () => {
    const ledger = rodChain();
    // 200/220 of each input: 109 090 909.09, 27 272 727.27 and 63 636 363.64 g; the leftover gram goes to the cathode (.64).
    expect(ledger.batch('rod-8mm-0302').massG).toBe(t(150)); // 50 t sold to the cable maker
    const lot = ledger.batch('rod-lot-wx1');
    // A quarter of the rod: 27 272 727.25, 6 818 181.75 and 15 909 091 g; the leftover gram goes to Ireland (.75).
    expect(lot.composition).toEqual([
      { material: 'copper', kind: 'post-consumer', country: 'GB', massG: 27_272_727 },
      { material: 'copper', kind: 'post-consumer', country: 'IE', massG: 6_818_182 },
      { material: 'copper', kind: 'primary', country: 'CL', massG: 15_909_091 },
    ]);
    expect(ledger.batch('rod-8mm-0302').composition).toEqual([
      { material: 'copper', kind: 'post-consumer', country: 'GB', massG: 109_090_909 - 27_272_727 },
      { material: 'copper', kind: 'post-consumer', country: 'IE', massG: 27_272_727 - 6_818_182 },
      { material: 'copper', kind: 'primary', country: 'CL', massG: 63_636_364 - 15_909_091 },
    ]);

    const provenance = await ledger.provenance('rod-lot-wx1');
    expect(provenance).toMatchObject({ recycledG: 34_090_909, homeRecycledG: 27_272_727, model: 'controlled-blending' });
    const { results } = await ledger.claims({
      batch: 'rod-lot-wx1',
      claims: [{ kind: 'recycled', atLeast: 0.68 }, { kind: 'recycled', atLeast: 0.7 }, { kind: 'home-recycled', atLeast: 0.545 }, { kind: 'home-processed' }],
    });
    expect(results.map((r) => r.holds)).toEqual([true, false, true, false]); // held in Ireland before it came to Warrington
    expect(results[0]!.share).toBeCloseTo(34_090_909 / 50_000_000, 12); // 68.18 %
    expect(results[0]!.model).toBe('controlled-blending');
  });

  it('tier 3: the cable keeps the blend through a single-input transform', async () => {
    const ledger = chain();
    // 48/50 of the lot: 26 181 817.92, 6 545 454.72 and 15 272 727.36 g; two leftover grams go to GB (.92) and IE (.72).
    expect(ledger.batch('cable-6242y-drum-1').composition).toEqual([
      { material: 'copper', kind: 'post-consumer', country: 'GB', massG: 26_181_818 },
      { material: 'copper', kind: 'post-consumer', country: 'IE', massG: 6_545_455 },
      { material: 'copper', kind: 'primary', country: 'CL', massG: 15_272_727 },
    ]);
    const { results } = await ledger.claims({ batch: 'cable-6242y-drum-1', claims: [{ kind: 'recycled', atLeast: 0.68 }, { kind: 'not-exported' }] });
    // mixed is inherited from the rod mill's blend, so the model stays controlled-blending.
    expect(results).toEqual([
      { kind: 'recycled', atLeast: 0.68, holds: true, share: 32_727_273 / 48_000_000, model: 'controlled-blending' },
      { kind: 'not-exported', holds: true, model: 'segregated' },
    ]);
    const provenance = await ledger.provenance('cable-6242y-drum-1');
    // Every entry of the cable's lineage: the three registrations, deliveries, the rod melt, the split sale and the drawing.
    expect(provenance.lineage.length).toBeGreaterThan(0);
    const types = provenance.lineage.map((seq) => ledger.entries[seq]!.event.type);
    expect(new Set(types)).toEqual(new Set(['batch.register', 'batch.transfer', 'batch.receive', 'batch.transform']));
    expect(provenance.lineage).toEqual([...provenance.lineage].sort((a, b) => a - b));
  });
});
