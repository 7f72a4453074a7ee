import { describe, expect, it } from 'vitest';
import { TestLedger } from './harness.js';

/**
 * A Royston refiner recovers platinum from spent autocatalysts collected in the UK and in
 * Germany (a segregated recycled stream: two inputs, both recycled), then blends the recycled
 * sponge with South African mined platinum into ingot. Masses in grams of contained platinum.
 */
describe('platinum refining: a segregated claim, then a blended one', () => {
  function refine() {
    const ledger = new TestLedger();
    ledger.participant('cat-collect', ['recycler'], 'GB', [['tamworth', 'GB']]);
    ledger.participant('pgm-refiner', ['recycler', 'processor'], 'GB', [['royston', 'GB']]);
    ledger.participant('pgm-trader', ['trader'], 'GB', [['london-vault', 'GB']]);

    ledger.register('cat-collect', { id: 'cat-lot-1', material: 'platinum', form: 'scrap', grade: 'spent autocatalyst', massG: 8_000, site: 'tamworth' }, { kind: 'post-consumer', country: 'GB' });
    ledger.register('pgm-refiner', { id: 'cat-lot-2', material: 'platinum', form: 'scrap', grade: 'spent autocatalyst', massG: 4_500, site: 'royston' }, { kind: 'post-consumer', country: 'DE' });
    ledger.deliver('cat-collect', 'cat-lot-1', 'pgm-refiner', 'royston');
    ledger.transform('pgm-refiner', 'royston', 'smelt, leach and refine', [['cat-lot-1', 8_000], ['cat-lot-2', 4_500]], [
      { id: 'pt-sponge-1', material: 'platinum', form: 'powder', grade: 'sponge 99.95', massG: 12_000 },
    ]);
    return ledger;
  }

  it('gives the recycled sponge a segregated 100% recycled claim', async () => {
    const ledger = refine();
    // 12 000/12 500 of each: 7 680 g from the UK and 4 320 g from Germany, exactly.
    expect(ledger.batch('pt-sponge-1').composition).toEqual([
      { material: 'platinum', kind: 'post-consumer', country: 'DE', massG: 4_320 },
      { material: 'platinum', kind: 'post-consumer', country: 'GB', massG: 7_680 },
    ]);
    const { results } = await ledger.claims({ batch: 'pt-sponge-1', claims: [{ kind: 'recycled', atLeast: 1 }, { kind: 'home-recycled', atLeast: 0.64 }, { kind: 'home-recycled', atLeast: 0.65 }] });
    expect(results).toEqual([
      { kind: 'recycled', atLeast: 1, holds: true, share: 1, model: 'segregated' },
      { kind: 'home-recycled', atLeast: 0.64, holds: true, share: 0.64, model: 'controlled-blending' },
      { kind: 'home-recycled', atLeast: 0.65, holds: false, share: 0.64, model: 'controlled-blending' },
    ]);
    expect((await ledger.provenance('pt-sponge-1')).model).toBe('segregated');
  });

  it('blends the sponge with mined South African metal: 37.5% recycled, exactly at the line', async () => {
    const ledger = refine();
    ledger.register('pgm-trader', { id: 'za-grain-5', material: 'platinum', form: 'ingot', massG: 20_000, site: 'london-vault' }, { kind: 'primary', country: 'ZA' });
    ledger.deliver('pgm-trader', 'za-grain-5', 'pgm-refiner', 'royston');
    ledger.transform('pgm-refiner', 'royston', 'melt and cast', [['pt-sponge-1', 12_000], ['za-grain-5', 20_000]], [
      { id: 'pt-ingot-1', material: 'platinum', form: 'ingot', grade: '99.95', massG: 31_800 },
    ]);
    // 31 800/32 000 = 0.99375 of each part, exact: 4 293 g DE, 7 632 g GB, 19 875 g ZA.
    expect(ledger.batch('pt-ingot-1').composition).toEqual([
      { material: 'platinum', kind: 'post-consumer', country: 'DE', massG: 4_293 },
      { material: 'platinum', kind: 'post-consumer', country: 'GB', massG: 7_632 },
      { material: 'platinum', kind: 'primary', country: 'ZA', massG: 19_875 },
    ]);
    // Recycled: 11 925 / 31 800 = 0.375 exactly; a claim of at least 0.375 holds, 0.3751 does not.
    const { results } = await ledger.claims({ batch: 'pt-ingot-1', claims: [{ kind: 'recycled', atLeast: 0.375 }, { kind: 'recycled', atLeast: 0.3751 }, { kind: 'home-origin', atLeast: 0.24 }] });
    expect(results).toEqual([
      { kind: 'recycled', atLeast: 0.375, holds: true, share: 0.375, model: 'controlled-blending' },
      { kind: 'recycled', atLeast: 0.3751, holds: false, share: 0.375, model: 'controlled-blending' },
      { kind: 'home-origin', atLeast: 0.24, holds: true, share: 7_632 / 31_800, model: 'controlled-blending' },
    ]);
  });
});
