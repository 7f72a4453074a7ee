import { describe, expect, it } from 'vitest';
import { TestLedger, t } from './harness.js';

/**
 * A Sunderland cell maker buys lithium (tonnes of contained lithium) from an Australian miner, a
 * Chilean brine producer and a Chinese refiner. The refiner's hydroxide is made from Australian
 * spodumene, so by origin it is Australian: the concentration report looks through the supplier
 * to the origin of the material, and flags any country above 60% of what was received.
 */
describe('a battery maker whose lithium supply crosses the 60% single-country line', () => {
  function supply() {
    const ledger = new TestLedger();
    ledger.participant('cell-maker', ['manufacturer'], 'GB', [['sunderland', 'GB']]);
    ledger.participant('pilbara-lithium', ['mine'], 'AU', [['pilgangoora', 'AU']]);
    ledger.participant('atacama-brine', ['mine'], 'CL', [['salar', 'CL']]);
    ledger.participant('sichuan-refining', ['processor', 'trader'], 'CN', [['suining', 'CN']]);

    ledger.register('pilbara-lithium', { id: 'spod-1', material: 'lithium', form: 'concentrate', grade: 'SC6', massG: t(30), site: 'pilgangoora' }, { kind: 'primary', country: 'AU' });
    ledger.register('atacama-brine', { id: 'lce-1', material: 'lithium', form: 'powder', grade: 'battery carbonate', massG: t(20), site: 'salar' }, { kind: 'primary', country: 'CL' });
    ledger.register('pilbara-lithium', { id: 'spod-2', material: 'lithium', form: 'concentrate', grade: 'SC6', massG: t(12), site: 'pilgangoora' }, { kind: 'primary', country: 'AU' });
    ledger.deliver('pilbara-lithium', 'spod-1', 'cell-maker', 'sunderland');
    ledger.deliver('atacama-brine', 'lce-1', 'cell-maker', 'sunderland');
    return ledger;
  }

  it('does not flag Australia at exactly 60%', async () => {
    const ledger = supply();
    expect(await ledger.concentration('cell-maker', 'lithium')).toEqual({
      participant: 'cell-maker',
      material: 'lithium',
      receivedG: t(50),
      byCountry: [
        { country: 'AU', massG: t(30), share: 0.6 },
        { country: 'CL', massG: t(20), share: 0.4 },
      ],
      flagged: [],
    });
  });

  it('flags Australia once hydroxide refined in China from Australian spodumene arrives (40 of 60 t)', async () => {
    const ledger = supply();
    ledger.deliver('pilbara-lithium', 'spod-2', 'sichuan-refining', 'suining');
    ledger.transform('sichuan-refining', 'suining', 'convert to hydroxide', [['spod-2', t(12)]], [
      { id: 'lioh-88', material: 'lithium', form: 'powder', grade: 'battery hydroxide', massG: t(10) },
    ]);
    ledger.deliver('sichuan-refining', 'lioh-88', 'cell-maker', 'sunderland');

    const report = await ledger.concentration('cell-maker', 'lithium');
    expect(report.receivedG).toBe(t(60));
    expect(report.byCountry).toEqual([
      { country: 'AU', massG: t(40), share: 40 / 60 },
      { country: 'CL', massG: t(20), share: 20 / 60 },
    ]);
    expect(report.flagged).toEqual(['AU']);
    // The same figures over every material, and nothing for a participant that received nothing.
    expect((await ledger.concentration('cell-maker')).flagged).toEqual(['AU']);
    expect(await ledger.concentration('atacama-brine')).toEqual({ participant: 'atacama-brine', receivedG: 0, byCountry: [], flagged: [] });
    // The hydroxide was held in China and Australia; its origin stays Australian.
    expect(ledger.batch('lioh-88')).toMatchObject({ custodyCountries: ['AU', 'CN', 'GB'], composition: [{ material: 'lithium', kind: 'primary', country: 'AU', massG: t(10) }] });
  });

  it('counts what was actually received, after transit loss', async () => {
    const ledger = supply();
    ledger.transfer('pilbara-lithium', 'spod-2', 'cell-maker', 'sunderland');
    ledger.receive('cell-maker', 'spod-2', t(11.5));
    const report = await ledger.concentration('cell-maker', 'lithium');
    expect(report.receivedG).toBe(t(61.5));
    expect(report.byCountry[0]).toEqual({ country: 'AU', massG: t(41.5), share: 41.5 / 61.5 });
  });
});
