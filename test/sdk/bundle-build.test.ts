import { describe, expect, it } from 'vitest';
import { assembleBundle } from '../../ledger/store/bundle-source.js';
import { getProvenance } from '../../ledger/custody/queries/index.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import { nodeVerify } from '../../sdk/node-verify.js';
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

describe('assembleBundle while the log moves', () => {
  /** The ledger, but its head reads stale `times` times: as if an append landed between reading the checkpoint and the state. */
  function staleHead(ledger: Ledger, stale: { checkpoint: string; size: number }, times: number): Ledger {
    let left = times;
    return new Proxy(ledger, {
      get(target, property, receiver) {
        if (property === 'checkpoint' && left > 0) return stale.checkpoint;
        if (property === 'size' && left > 0) return left--, stale.size;
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  it('retries with the newer checkpoint when the lineage moved past the one it read, and gives up after a few tries', async () => {
    const s = await copperChain();
    const before = { checkpoint: s.ledger.checkpoint, size: s.ledger.size };
    await s.submit('attest RODF', 'fab', 'batch.attest', { batch: 'RODF', kind: 'assay', sha256: 'b'.repeat(64) });
    const bundle = (await assembleBundle(staleHead(s.ledger, before, 1), 'RODF'))!;
    expect(bundle.checkpoint).toBe(s.ledger.checkpoint);
    expect(bundle.entries.at(-1)!.seq).toBe(s.seq['attest RODF']);
    expect((await verifyBundle(bundle, s.logKey, { verify: nodeVerify })).checkpoint.size).toBe(s.ledger.size);
    await expect(assembleBundle(staleHead(s.ledger, before, 100), 'RODF')).rejects.toMatchObject({ code: 'unavailable' });
    await s.ledger.close();
  });
});
