import { describe, expect, it } from 'vitest';
import { TestLedger, t } from './harness.js';

const on = (day: string) => ({ at: `${day}T10:00:00Z` });

/**
 * A Teesside scrap merchant sells heavy melting steel: 600 t goes to a Turkish mill as waste
 * under Basel code B1010, 400 t to a UK electric-arc furnace in Cardiff, which melts it with 400 t
 * of new production scrap and later sells 100 t of billet to the same Turkish mill. The retention
 * report tells how much UK scrap stayed in the UK.
 */
describe('steel scrap partly exported, partly melted in a UK electric-arc furnace', () => {
  function steel() {
    const ledger = new TestLedger();
    ledger.participant('tees-metals', ['recycler'], 'GB', [['middlesbrough', 'GB']]);
    ledger.participant('cardiff-eaf', ['processor'], 'GB', [['tremorfa', 'GB']]);
    ledger.participant('izmir-mill', ['processor', 'trader'], 'TR', [['aliaga', 'TR']]);

    ledger.register('tees-metals', { id: 'hms-1', material: 'steel', form: 'scrap', grade: 'HMS 1&2 80:20', massG: t(1000), site: 'middlesbrough' }, { kind: 'post-consumer', country: 'GB' }, {}, on('2026-02-02'));
    ledger.register('tees-metals', { id: 'new-prod-7', material: 'steel', form: 'scrap', grade: 'new production', massG: t(400), site: 'middlesbrough' }, { kind: 'pre-consumer', country: 'GB' }, {}, on('2026-02-02'));

    ledger.submit('tees-metals', 'batch.export', {
      batch: 'hms-1',
      split: { id: 'hms-1-tr', massG: t(600) },
      destination: { country: 'TR', consignee: 'Izmir Mill A.S.', facility: 'Aliaga melt shop', recoveryCode: 'R4' },
      wasteCode: { scheme: 'basel', code: 'B1010' },
      reference: 'AnnexVII-2026-0113',
    }, on('2026-02-03'));

    ledger.transfer('tees-metals', 'hms-1', 'cardiff-eaf', 'tremorfa', undefined, on('2026-02-04'));
    ledger.receive('cardiff-eaf', 'hms-1', t(398.5), on('2026-02-04')); // 1.5 t short at the Cardiff weighbridge
    ledger.deliver('tees-metals', 'new-prod-7', 'cardiff-eaf', 'tremorfa', undefined, on('2026-02-04'));

    ledger.transform('cardiff-eaf', 'tremorfa', 'EAF melt and continuous cast', [['hms-1', t(398.5)], ['new-prod-7', t(400)]], [
      { id: 'billet-130', material: 'steel', form: 'billet', massG: t(720) },
    ], on('2026-02-05'));

    // A transfer to a site in Turkey is an export even without batch.export.
    ledger.transfer('cardiff-eaf', 'billet-130', 'izmir-mill', 'aliaga', { id: 'billet-130-tr', massG: t(100) }, on('2026-02-06'));
    ledger.receive('izmir-mill', 'billet-130-tr', t(100), on('2026-02-09'));
    // The Turkish mill's own export onwards is not UK scrap leaving the UK again: not counted twice.
    ledger.submit('izmir-mill', 'batch.export', { batch: 'billet-130-tr', destination: { country: 'EG', consignee: 'Alexandria Rolling' } }, on('2026-02-10'));
    return ledger;
  }

  it('marks the Turkish part exported and keeps the rest at home', () => {
    const ledger = steel();
    expect(ledger.batch('hms-1-tr')).toMatchObject({ status: 'exported', exportedTo: 'TR', massG: t(600) });
    expect(ledger.batch('hms-1')).toMatchObject({ status: 'consumed', massG: 0 });
    expect(ledger.batch('billet-130')).toMatchObject({ status: 'active', massG: t(620), custodyCountries: ['GB'] });
  });

  it('reports retention of UK scrap over all time', async () => {
    const ledger = steel();
    expect(await ledger.retention({ material: 'steel' })).toEqual({
      homeCountry: 'GB',
      material: 'steel',
      registeredG: t(1400),
      exportedG: t(700), // 600 t of scrap by batch.export, 100 t of billet by transfer
      exportedByCountry: { TR: t(700) }, // Egypt is the Turkish mill's export, not the UK's
      exportedAsScrapG: t(600),
      exportedAfterProcessingG: t(100),
      processedAtHomeG: t(798.5),
      lostG: t(1.5), // lost between Teesside and Cardiff
    });
  });

  it('buckets by the day of each event\'s `at`, both ends included', async () => {
    const ledger = steel();
    expect(await ledger.retention({ material: 'steel', from: '2026-02-03', to: '2026-02-03' })).toMatchObject({
      registeredG: 0, exportedG: t(600), exportedAsScrapG: t(600), processedAtHomeG: 0, lostG: 0,
    });
    expect(await ledger.retention({ material: 'steel', from: '2026-02-04', to: '2026-02-05' })).toMatchObject({
      registeredG: 0, exportedG: 0, processedAtHomeG: t(798.5), lostG: t(1.5),
    });
    expect(await ledger.retention({ from: '2026-02-06' })).toMatchObject({ exportedG: t(100), exportedAfterProcessingG: t(100), exportedByCountry: { TR: t(100) } });
    expect(await ledger.retention({ material: 'copper' })).toMatchObject({ registeredG: 0, exportedG: 0, exportedByCountry: {} });
  });

  it('answers claims: the Cardiff billet stayed home, the Turkish lot did not', async () => {
    const ledger = steel();
    const home = await ledger.claims({ batch: 'billet-130', claims: [{ kind: 'not-exported' }, { kind: 'home-processed' }, { kind: 'home-recycled', atLeast: 1 }] });
    expect(home.results.map((r) => r.holds)).toEqual([true, true, true]);
    const abroad = await ledger.claims({ batch: 'billet-130-tr', claims: [{ kind: 'not-exported' }, { kind: 'home-processed' }] });
    expect(abroad.results.map((r) => r.holds)).toEqual([false, false]);
  });

  it('withdraws an export by transfer when the foreign mill rejects the shipment', async () => {
    const ledger = steel();
    ledger.transfer('cardiff-eaf', 'billet-130', 'izmir-mill', 'aliaga', { id: 'billet-130-tr2', massG: t(50) }, on('2026-02-11'));
    expect((await ledger.retention({ material: 'steel' })).exportedG).toBe(t(750));
    expect(ledger.batch('billet-130-tr2').everExported).toBe(true);
    ledger.submit('izmir-mill', 'batch.reject', { batch: 'billet-130-tr2', reason: 'chemistry out of specification' }, on('2026-02-12'));
    expect((await ledger.retention({ material: 'steel' })).exportedG).toBe(t(700));
    expect(await ledger.retention({ material: 'steel', from: '2026-02-11', to: '2026-02-12' })).toMatchObject({ exportedG: 0, exportedByCountry: {} });
    expect(ledger.batch('billet-130-tr2')).toMatchObject({ status: 'active', custodian: 'cardiff-eaf', everExported: false });
  });
});
