import { describe, expect, it } from 'vitest';
import { TestLedger, t } from './harness.js';

/**
 * A Rotherham remelter blends UK post-consumer scrap (used beverage cans from a Birmingham
 * recycler), its own UK pre-consumer scrap (can-maker offcuts it buys) and primary ingot imported
 * from a Norwegian smelter into extrusion billet.
 */
describe('an aluminium remelter blending UK scrap with imported primary metal', () => {
  function remelt() {
    const ledger = new TestLedger();
    ledger.participant('bham-recycling', ['recycler'], 'GB', [['tyseley', 'GB']]);
    ledger.participant('remelter', ['recycler', 'processor'], 'GB', [['rotherham', 'GB']]);
    ledger.participant('nordic-smelter', ['trader'], 'NO', [['sunndal', 'NO']]);

    ledger.register('bham-recycling', { id: 'ubc-0301', material: 'aluminium', form: 'scrap', massG: t(61.3), site: 'tyseley' }, { kind: 'post-consumer', country: 'GB' });
    ledger.register('remelter', { id: 'offcuts-0301', material: 'aluminium', form: 'scrap', massG: t(24.9), site: 'rotherham' }, { kind: 'pre-consumer', country: 'GB' });
    ledger.register('nordic-smelter', { id: 'p1020-77', material: 'aluminium', form: 'ingot', grade: 'P1020', massG: t(15.2), site: 'sunndal' }, { kind: 'primary', country: 'NO' });
    ledger.deliver('bham-recycling', 'ubc-0301', 'remelter', 'rotherham');
    ledger.deliver('nordic-smelter', 'p1020-77', 'remelter', 'rotherham');

    // 101.4 t in, 95 t of billet out; 6.4 t is dross and melt loss.
    ledger.transform('remelter', 'rotherham', 'remelt and cast', [['ubc-0301', t(61.3)], ['offcuts-0301', t(24.9)], ['p1020-77', t(15.2)]], [
      { id: 'billet-6063-0302', material: 'aluminium', form: 'billet', grade: '6063', massG: t(95) },
    ]);
    return ledger;
  }

  it('gives the billet each input its share of 95/101.4, rounded by largest remainder', () => {
    const ledger = remelt();
    // Exact shares: 61.3 t * 95/101.4 = 57 430 966.47 g; 24.9 t -> 23 328 402.37 g; 15.2 t -> 14 240 631.16 g.
    // The floors sum to 94 999 999 g; the one gram left goes to the largest remainder (.47, post-consumer).
    expect(ledger.batch('billet-6063-0302').composition).toEqual([
      { material: 'aluminium', kind: 'post-consumer', country: 'GB', massG: 57_430_967 },
      { material: 'aluminium', kind: 'pre-consumer', country: 'GB', massG: 23_328_402 },
      { material: 'aluminium', kind: 'primary', country: 'NO', massG: 14_240_631 },
    ]);
    expect(ledger.batch('ubc-0301')).toMatchObject({ status: 'consumed', massG: 0, composition: [] });
  });

  it('reports recycled content, custody countries and the controlled-blending model', async () => {
    const ledger = remelt();
    const provenance = await ledger.provenance('billet-6063-0302');
    expect(provenance).toMatchObject({
      massG: t(95),
      recycledG: 57_430_967 + 23_328_402, // 80 759 369 g
      preConsumerG: 23_328_402,
      postConsumerG: 57_430_967,
      homeOriginG: 80_759_369,
      homeRecycledG: 80_759_369,
      custodyCountries: ['GB', 'NO'], // the primary ingot was held in Norway before import
      mixed: true,
      allocated: false,
      model: 'controlled-blending',
    });
    expect(provenance.shares.recycled).toBeCloseTo(80_759_369 / 95_000_000, 12); // 85.0099 %

    const { results } = await ledger.claims({
      batch: 'billet-6063-0302',
      claims: [
        { kind: 'recycled', atLeast: 0.85 },
        { kind: 'recycled', atLeast: 0.86 },
        { kind: 'home-processed' },
      ],
    });
    expect(results.map((r) => [r.kind, r.holds, r.model])).toEqual([
      ['recycled', true, 'controlled-blending'],
      ['recycled', false, 'controlled-blending'],
      ['home-processed', false, 'controlled-blending'], // Norway is among its custody countries
    ]);
  });

  it('counts 86.2 t of UK scrap as processed at home and 6.4 t as process loss', async () => {
    const ledger = remelt();
    const report = await ledger.retention({ material: 'aluminium' });
    expect(report).toMatchObject({ homeCountry: 'GB', registeredG: t(86.2), processedAtHomeG: t(86.2), exportedG: 0, lostG: 0 });
    expect(ledger.massTotals('aluminium')).toEqual({
      registeredG: t(101.4), createdG: 0, exportedG: 0, retiredG: 0, transitLossG: 0, processLossG: t(6.4), adjustedG: 0,
    });
  });
});
