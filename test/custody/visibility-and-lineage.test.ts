import { describe, expect, it } from 'vitest';
import { canSeeBatch, canSeeEntry, getLineage } from '../../ledger/custody/queries/index.js';
import { TestLedger, t } from './harness.js';

/**
 * Two scrap merchants supply a rod mill; the mill sells a lot of rod to a cable maker. Who may
 * see what (SPEC 6): what you hold or held, and its whole upstream lineage.
 */
function chain() {
  const ledger = new TestLedger();
  ledger.participant('merchant-a', ['recycler'], 'GB', [['a-yard', 'GB']]);
  ledger.participant('merchant-b', ['recycler'], 'GB', [['b-yard', 'GB']]);
  ledger.participant('rod-mill', ['processor'], 'GB', [['mill', 'GB']]);
  ledger.participant('cable-maker', ['fabricator'], 'GB', [['plant', 'GB']]);
  ledger.participant('bystander', ['trader'], 'GB', [['desk', 'GB']]);
  ledger.participant('auditor', ['auditor'], 'GB');
  const seqs = {
    registerA: ledger.register('merchant-a', { id: 'scrap-a', material: 'copper', form: 'scrap', massG: t(10), site: 'a-yard' }, { kind: 'post-consumer', country: 'GB' }).seq,
    registerB: ledger.register('merchant-b', { id: 'scrap-b', material: 'copper', form: 'scrap', massG: t(10), site: 'b-yard' }, { kind: 'pre-consumer', country: 'GB' }).seq,
    participant: 3,
  };
  ledger.deliver('merchant-a', 'scrap-a', 'rod-mill', 'mill');
  ledger.deliver('merchant-b', 'scrap-b', 'rod-mill', 'mill');
  const melt = ledger.transform('rod-mill', 'mill', 'melt', [['scrap-a', t(10)], ['scrap-b', t(10)]], [{ id: 'rod', material: 'copper', form: 'rod', massG: t(19) }]).seq;
  const sale = ledger.transfer('rod-mill', 'rod', 'cable-maker', 'plant', { id: 'rod-lot', massG: t(4) }).seq;
  const receipt = ledger.receive('cable-maker', 'rod-lot', t(4)).seq;
  return { ledger, seqs: { ...seqs, melt, sale, receipt } };
}

describe('who may see which batch', () => {
  it('a supplier sees what it held, not what its buyer made of it', async () => {
    const { ledger } = chain();
    const sees = (who: string, batch: string) => canSeeBatch(ledger.source, who, batch);
    expect(await sees('merchant-a', 'scrap-a')).toBe(true);
    expect(await sees('merchant-a', 'rod')).toBe(false);
    expect(await sees('merchant-a', 'rod-lot')).toBe(false);
    expect(await sees('merchant-a', 'scrap-b')).toBe(false); // a competitor's scrap in the same melt
  });

  it('a buyer sees what it holds and its whole upstream lineage', async () => {
    const { ledger } = chain();
    for (const batch of ['rod-lot', 'rod', 'scrap-a', 'scrap-b']) expect(await canSeeBatch(ledger.source, 'cable-maker', batch)).toBe(true);
  });

  it('auditors and the registrar see everything; others and unknown ids see nothing', async () => {
    const { ledger } = chain();
    expect(await canSeeBatch(ledger.source, 'auditor', 'scrap-b')).toBe(true);
    expect(await canSeeBatch(ledger.source, 'registrar', 'rod-lot')).toBe(true);
    expect(await canSeeBatch(ledger.source, 'bystander', 'rod')).toBe(false);
    expect(await canSeeBatch(ledger.source, 'nobody', 'rod')).toBe(false);
    expect(await canSeeBatch(ledger.source, 'auditor', 'no-such-batch')).toBe(false);
  });
});

describe('who may see which entry', () => {
  it('follows the batches an entry touches, the signer and the participants it names', async () => {
    const { ledger, seqs } = chain();
    const sees = (who: string, seq: number) => canSeeEntry(ledger.source, who, seq);
    expect(await sees('merchant-a', seqs.registerA)).toBe(true);
    expect(await sees('merchant-a', seqs.melt)).toBe(true); // it consumed merchant-a's scrap
    expect(await sees('merchant-a', seqs.receipt)).toBe(false);
    expect(await sees('cable-maker', seqs.registerB)).toBe(true); // upstream of its rod
    expect(await sees('cable-maker', seqs.sale)).toBe(true); // names it as recipient
    expect(await sees('bystander', seqs.melt)).toBe(false);
    expect(await sees('bystander', 0)).toBe(true); // genesis and the directory are public
    expect(await sees('bystander', seqs.participant)).toBe(true);
    expect(await sees('auditor', seqs.receipt)).toBe(true);
    expect(await sees('auditor', ledger.entries.length)).toBe(false); // past the end
  });
});

describe('lineage', () => {
  it('goes up through the split and the melt to both scrap batches', async () => {
    const { ledger, seqs } = chain();
    const up = await getLineage(ledger.source, 'rod-lot', 'up');
    expect(up!.nodes.map((n) => n.id)).toEqual(['rod', 'rod-lot', 'scrap-a', 'scrap-b']);
    expect(up!.edges).toEqual([
      { from: 'scrap-a', to: 'rod', seq: seqs.melt, type: 'batch.transform' },
      { from: 'scrap-b', to: 'rod', seq: seqs.melt, type: 'batch.transform' },
      { from: 'rod', to: 'rod-lot', seq: seqs.sale, type: 'batch.transfer' },
    ]);
  });

  it('goes down, showing a supplier only what it may see', async () => {
    const { ledger } = chain();
    expect((await getLineage(ledger.source, 'scrap-a', 'down'))!.nodes.map((n) => n.id)).toEqual(['rod', 'rod-lot', 'scrap-a']);
    const filtered = await getLineage(ledger.source, 'scrap-a', 'down', { visibleTo: 'merchant-a' });
    expect(filtered).toEqual({ batch: 'scrap-a', direction: 'down', nodes: [expect.objectContaining({ id: 'scrap-a', status: 'consumed' })], edges: [] });
    expect(await getLineage(ledger.source, 'no-such-batch', 'up')).toBeUndefined();
  });
});
