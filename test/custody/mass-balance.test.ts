import { describe, expect, it } from 'vitest';
import { TestLedger, t } from './harness.js';

/**
 * A smelter runs UK post-consumer scrap and Norwegian primary metal through one furnace and sells
 * two billet products under mass balance (ISO 22095): the recycled input is allocated to a
 * "recycled" product. Allocation must fit in the pool, part by part.
 */
describe('mass-balance allocation', () => {
  function smelter() {
    const ledger = new TestLedger();
    ledger.participant('smelter', ['recycler', 'trader', 'processor'], 'GB', [['lochaber', 'GB']]);
    ledger.register('smelter', { id: 'scrap-30', material: 'aluminium', form: 'scrap', massG: t(30), site: 'lochaber' }, { kind: 'post-consumer', country: 'GB' });
    ledger.register('smelter', { id: 'primary-70', material: 'aluminium', form: 'ingot', massG: t(70), site: 'lochaber' }, { kind: 'primary', country: 'NO' });
    return ledger;
  }
  const inputs: Array<[string, number]> = [['scrap-30', t(30)], ['primary-70', t(70)]];

  it('accepts an allocation that fits the pool, and the rest of the pool is process loss', async () => {
    const ledger = smelter();
    ledger.transform('smelter', 'lochaber', 'cast', inputs, [
      { id: 'billet-recycled', material: 'aluminium', form: 'billet', massG: t(25), allocation: [{ material: 'aluminium', kind: 'post-consumer', country: 'GB', massG: t(25) }] },
      { id: 'billet-standard', material: 'aluminium', form: 'billet', massG: t(70), allocation: [{ material: 'aluminium', kind: 'primary', country: 'NO', massG: t(70) }] },
    ]);
    expect(ledger.batch('billet-recycled')).toMatchObject({ composition: [{ material: 'aluminium', kind: 'post-consumer', country: 'GB', massG: t(25) }], allocated: true, mixed: true });
    expect(ledger.massTotals('aluminium')!.processLossG).toBe(t(5)); // 5 t of the scrap part is left unallocated
    const { results } = await ledger.claims({ batch: 'billet-recycled', claims: [{ kind: 'recycled', atLeast: 1 }] });
    expect(results).toEqual([{ kind: 'recycled', atLeast: 1, holds: true, share: 1, model: 'mass-balance' }]);
  });

  it('refuses an allocation that takes more recycled metal than went in, and changes nothing', () => {
    const ledger = smelter();
    const refusal = ledger.expectRefused('over_allocation', () =>
      ledger.transform('smelter', 'lochaber', 'cast', inputs, [
        { id: 'billet-a', material: 'aluminium', form: 'billet', massG: t(25), allocation: [{ material: 'aluminium', kind: 'post-consumer', country: 'GB', massG: t(25) }] },
        // Only 5 t of the scrap part remains after billet-a.
        { id: 'billet-b', material: 'aluminium', form: 'billet', massG: t(10), allocation: [{ material: 'aluminium', kind: 'post-consumer', country: 'GB', massG: t(10) }] },
      ]),
    );
    expect(refusal.path).toEqual(['event', 'outputs', 1, 'allocation', 0]);
    expect(ledger.batch('scrap-30')).toMatchObject({ status: 'active', massG: t(30) });
  });
});
