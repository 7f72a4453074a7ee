import { describe, expect, it } from 'vitest';
import { assembleBundle } from '../../ledger/store/bundle-source.js';
import { getProvenance } from '../../ledger/custody/queries/index.js';
import { copperChain, RODF_LINEAGE, RODF_PARTICIPANT_ENTRIES } from './scenario.js';

describe('assembleBundle (SPEC 7)', () => {
  it('holds genesis, the participant entries of every signer and recipient, and the lineage, by seq, nothing else', async () => {
    const s = await copperChain();
    const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
    const expected = [0, ...[...RODF_PARTICIPANT_ENTRIES, ...RODF_LINEAGE].map((name) => s.seq[name]!)].sort((a, b) => a - b);
    expect(bundle.entries.map((item) => item.seq)).toEqual(expected);
    for (const name of ['register other', 'register U', 'send U', 'receive U', 'register X']) expect(expected).not.toContain(s.seq[name]);

    // The lineage is exactly what the provenance query reports.
    const provenance = (await getProvenance(s.ledger.state, 'RODF'))!;
    expect(provenance.lineage).toEqual(RODF_LINEAGE.map((name) => s.seq[name]!));
    expect(bundle).toMatchObject({ format: 'tally-bundle/v1', origin: s.ledger.info.origin, logKey: s.logKey, checkpoint: s.ledger.checkpoint });
    expect(bundle.batch).toMatchObject({ id: 'RODF', massG: 59_500, custodian: 'fab' });
    for (const item of bundle.entries) expect(item.entry).toEqual(await s.ledger.entry(item.seq));
    await s.ledger.close();
  });

  it('is undefined for an unknown batch', async () => {
    const s = await copperChain();
    expect(await assembleBundle(s.ledger, 'nope')).toBeUndefined();
    await s.ledger.close();
  });
});
