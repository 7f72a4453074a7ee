import { beforeAll, describe, expect, it } from 'vitest';
import { canSeeBatch, canSeeEntry, getLineage, getProvenance } from '../../ledger/custody/queries/index.js';
import { CountingSource } from '../support/counting-source.js';
import { TestLedger, t } from './harness.js';

/**
 * Issue 9, item 9: visibility checks and lineage reads must cost O(answer + depth), never the
 * square of the lineage. A processor melts a batch into the next one, 2,000 times over, and sells
 * the last; on the old indexes, a bystander's 404 on the first batch walked all 2,000 descendants
 * and `lineage?direction=down` for a party that is no auditor re-walked them once per node
 * (4 million reads). The work is counted on an instrumented StateSource, not timed.
 */

const STEPS = 2_000;
const trusting = () => true;
let ledger: TestLedger;
let source: CountingSource;
const id = (step: number) => `melt-${step}`;

beforeAll(() => {
  ledger = new TestLedger({ verify: trusting });
  ledger.participant('works', ['recycler', 'processor'], 'GB', [['furnace', 'GB']]);
  ledger.participant('buyer', ['fabricator'], 'GB', [['plant', 'GB']]);
  ledger.participant('bystander', ['trader'], 'GB', [['desk', 'GB']]);
  ledger.register('works', { id: id(0), material: 'aluminium', form: 'scrap', massG: t(100), site: 'furnace' }, { kind: 'post-consumer', country: 'GB' });
  for (let step = 1; step <= STEPS; step++) {
    ledger.transform('works', 'furnace', 'remelt', [[id(step - 1), t(100) - (step - 1)]], [{ id: id(step), material: 'aluminium', form: 'ingot', massG: t(100) - step }]);
  }
  ledger.deliver('works', id(STEPS), 'buyer', 'plant');
  source = new CountingSource(ledger.state);
}, 120_000);

describe(`a ${STEPS}-step chain`, () => {
  it('a bystander probing the first batch costs a constant number of reads', async () => {
    source.reset();
    expect(await canSeeBatch(source, 'bystander', id(0))).toBe(false);
    expect(source.keysRead).toBeLessThanOrEqual(4);
    source.reset();
    expect(await canSeeEntry(source, 'bystander', ledger.entries.length - 1)).toBe(false);
    expect(source.keysRead).toBeLessThanOrEqual(8);
  });

  it('the buyer sees the first batch (upstream of what it holds) at the same cost', async () => {
    source.reset();
    expect(await canSeeBatch(source, 'buyer', id(0))).toBe(true);
    expect(source.keysRead).toBeLessThanOrEqual(4);
  });

  it('provenance of the last batch reads each ancestor once: O(answer + depth)', async () => {
    source.reset();
    const provenance = (await getProvenance(source, id(STEPS)))!;
    // register + 2,000 melts + the sale and its receipt.
    expect(provenance.lineage.length).toBe(STEPS + 3);
    expect(source.keysRead).toBeLessThanOrEqual(2 * (STEPS + 1) + 10);
    // One round trip per generation (the lineage is STEPS + 1 generations deep), not one per key.
    expect(source.roundTrips).toBeLessThanOrEqual(STEPS + 10);
  });

  it('lineage down from the first batch, for a party that must be filtered, reads each node a bounded number of times', async () => {
    source.reset();
    const lineage = (await getLineage(source, id(0), 'down', { visibleTo: 'works' }))!;
    expect(lineage.nodes).toHaveLength(STEPS + 1);
    expect(source.keysRead).toBeLessThanOrEqual(5 * (STEPS + 1));
    source.reset();
    const forBuyer = (await getLineage(source, id(0), 'down', { visibleTo: 'buyer' }))!;
    expect(forBuyer.nodes).toHaveLength(STEPS + 1);
    expect(source.keysRead).toBeLessThanOrEqual(5 * (STEPS + 1));
  });
});
