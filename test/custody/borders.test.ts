import { describe, expect, it } from 'vitest';
import { TestLedger, t } from './harness.js';

/**
 * Issue 9 item 7: material crosses borders only by transfer (SPEC 3.2). A UK recycler with a
 * Sheffield yard and an Izmir works. Figures are worked out by hand in the comments.
 */
function world(): TestLedger {
  const ledger = new TestLedger();
  ledger.participant('recycler', ['recycler', 'processor'], 'GB', [['sheffield', 'GB'], ['izmir', 'TR']]);
  ledger.register('recycler', { id: 'scrap', material: 'copper', form: 'scrap', massG: t(10), site: 'sheffield' }, { kind: 'post-consumer', country: 'GB' });
  return ledger;
}

const ingot = (id: string, massG: number) => ({ id, material: 'copper', form: 'ingot', massG });

describe('material crosses borders only by transfer', () => {
  it('refuses a melt at Izmir of scrap lying in Sheffield', () => {
    const ledger = world();
    const refusal = ledger.expectRefused('input_not_at_site', () => ledger.transform('recycler', 'izmir', 'melt', [['scrap', t(10)]], [ingot('ingot', t(9))]));
    expect(refusal.path).toEqual(['event', 'inputs', 0, 'batch']);
  });

  it('counts a move to its own Izmir works as an export, and the melt there as not processed at home', async () => {
    const ledger = world();
    ledger.deliver('recycler', 'scrap', 'recycler', 'izmir');
    ledger.transform('recycler', 'izmir', 'melt', [['scrap', t(10)]], [ingot('ingot', t(9))]);
    // 10 t registered; all 10 t left for Turkey as scrap; nothing processed at home.
    expect(await ledger.retention()).toMatchObject({ registeredG: t(10), exportedG: t(10), exportedAsScrapG: t(10), exportedByCountry: { TR: t(10) }, processedAtHomeG: 0 });
    // A transfer to oneself is not supply.
    expect((await ledger.concentration('recycler')).receivedG).toBe(0);
  });

  it('counts scrap that went to Izmir and came back once, as exported, and not as processed at home', async () => {
    const ledger = world();
    ledger.deliver('recycler', 'scrap', 'recycler', 'izmir');
    ledger.deliver('recycler', 'scrap', 'recycler', 'sheffield');
    ledger.transform('recycler', 'sheffield', 'melt', [['scrap', t(10)]], [ingot('ingot', t(9))]);
    ledger.deliver('recycler', 'ingot', 'recycler', 'izmir');
    ledger.submit('recycler', 'batch.retire', { batch: 'ingot', massG: t(1), reason: 'lost' });
    // Exported 10 t once (the second departure is of grams that left already); 0 processed at
    // home; the ingot lost abroad is not lost at home.
    expect(await ledger.retention()).toMatchObject({ registeredG: t(10), exportedG: t(10), processedAtHomeG: 0, lostG: 0 });
  });

  it('counts home-origin scrap registered at a foreign site as registered and exported at once', async () => {
    const ledger = world();
    ledger.register('recycler', { id: 'tr-scrap', material: 'copper', form: 'scrap', massG: t(4), site: 'izmir' }, { kind: 'post-consumer', country: 'GB' });
    expect(await ledger.retention()).toMatchObject({ registeredG: t(14), exportedG: t(4), exportedByCountry: { TR: t(4) } });
    expect((await ledger.claims({ batch: 'tr-scrap', claims: [{ kind: 'not-exported' }] })).results[0]!.holds).toBe(false);
  });
});
