import { describe, expect, it } from 'vitest';
import { TestLedger, t } from './harness.js';

const TICKET_1 = 'a'.repeat(64);
const TICKET_2 = 'b'.repeat(64);

/**
 * A recycler's weighbridge is found to over-read after calibration; the custodian corrects the
 * weight it recorded, downwards only, citing the original entry and the new ticket.
 */
describe('a weighbridge correction', () => {
  it('lowers a registered batch and books the difference as an adjustment', async () => {
    const ledger = new TestLedger();
    ledger.participant('leeds-recycling', ['recycler'], 'GB', [['stourton', 'GB']]);
    const registered = ledger.register(
      'leeds-recycling',
      { id: 'skip-17', material: 'copper', form: 'scrap', grade: 'Candy', massG: t(25), site: 'stourton' },
      { kind: 'post-consumer', country: 'GB' },
      { evidence: [{ kind: 'weighbridge-ticket', sha256: TICKET_1 }] },
    );
    ledger.submit('leeds-recycling', 'batch.adjust', {
      batch: 'skip-17',
      massG: t(24.64),
      reason: 'weighbridge over-read by 1.44 % (calibration certificate 2026-118)',
      corrects: registered.seq,
      evidence: [{ kind: 'weighbridge-ticket', sha256: TICKET_2 }],
    });
    expect(ledger.batch('skip-17')).toMatchObject({ massG: t(24.64), composition: [{ material: 'copper', kind: 'post-consumer', country: 'GB', massG: t(24.64) }] });
    expect(ledger.massTotals('copper')).toMatchObject({ registeredG: t(25), adjustedG: t(0.36) });

    ledger.expectRefused('adjust_not_downwards', () => ledger.submit('leeds-recycling', 'batch.adjust', { batch: 'skip-17', massG: t(25), reason: 'back up' }));
    const provenance = await ledger.provenance('skip-17');
    expect(provenance.lineage).toEqual([registered.seq, registered.seq + 1]);
  });

  it('scales a blended batch to the corrected weight by largest remainder', () => {
    const ledger = new TestLedger();
    ledger.participant('remelter', ['recycler', 'processor'], 'GB', [['rotherham', 'GB']]);
    ledger.register('remelter', { id: 'ubc', material: 'aluminium', form: 'scrap', massG: t(10), site: 'rotherham' }, { kind: 'post-consumer', country: 'GB' });
    ledger.register('remelter', { id: 'offcuts', material: 'aluminium', form: 'scrap', massG: t(5), site: 'rotherham' }, { kind: 'pre-consumer', country: 'GB' });
    ledger.transform('remelter', 'rotherham', 'remelt', [['ubc', t(10)], ['offcuts', t(5)]], [{ id: 'sow-1', material: 'aluminium', form: 'ingot', massG: t(14.2) }]);
    // 14.2/15 of each: 9 466 666.67 and 4 733 333.33 g; the leftover gram goes to post-consumer.
    expect(ledger.batch('sow-1').composition).toEqual([
      { material: 'aluminium', kind: 'post-consumer', country: 'GB', massG: 9_466_667 },
      { material: 'aluminium', kind: 'pre-consumer', country: 'GB', massG: 4_733_333 },
    ]);
    ledger.submit('remelter', 'batch.adjust', { batch: 'sow-1', massG: t(14.05), reason: 'reweighed on the certified scale' });
    // 14.05/14.2 of each: 9 366 666.996 and 4 683 333.004 g; the leftover gram goes to post-consumer (.996).
    expect(ledger.batch('sow-1').composition).toEqual([
      { material: 'aluminium', kind: 'post-consumer', country: 'GB', massG: 9_366_667 },
      { material: 'aluminium', kind: 'pre-consumer', country: 'GB', massG: 4_683_333 },
    ]);
    expect(ledger.massTotals('aluminium')).toMatchObject({ registeredG: t(15), processLossG: t(0.8), adjustedG: t(0.15) });
  });
});
