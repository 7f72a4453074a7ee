import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bundleFrameJsonBytes } from '../../ledger/bundle/serialize.js';
import { inclusionBatchPlan } from '../../ledger/merkle/batch-plan.js';
import { pickProofs, proofsOf, separateProofs, type ProofSet } from '../../ledger/merkle/proof-set.js';
import { canonicalize } from '../../ledger/encoding/jcs.js';
import { assembleBundle, assembleBundleAt, assembleBundleAtJsonBytes, assembleBundleJsonBytes } from '../../ledger/store/bundle-source.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import type { AuditBundle } from '../../schemas/bundle.js';
import { copperChain } from '../sdk/scenario.js';

/** The served bytes of an assembled bundle, each entry written as `leafText` gives it. */
function bundleJsonBytes(bundle: AuditBundle, leafText: (seq: number) => string): Buffer {
  const { entries, ...head } = bundle;
  return bundleFrameJsonBytes({ head, seqs: entries.map((e) => e.seq), proofs: separateProofs(entries.map((e) => e.proof)) }, leafText);
}

describe('bundles served as JSON text', () => {
  it('is exactly JSON.stringify of the bundle, at the latest checkpoint and pinned, and verifies offline', async () => {
    const s = await copperChain();
    const created = s.seq['split RODF']!;
    for (const size of [undefined, created + 1, s.ledger.size - 1]) {
      const bundle = size === undefined ? await assembleBundle(s.ledger, 'RODF') : await assembleBundleAt(s.ledger, 'RODF', size, nodeVerify);
      const bytes = size === undefined ? await assembleBundleJsonBytes(s.ledger, 'RODF') : await assembleBundleAtJsonBytes(s.ledger, 'RODF', size, nodeVerify);
      const text = bytes!.toString('utf8');
      expect(bundle!.entries.length).toBeGreaterThan(3);
      expect(text).toBe(JSON.stringify(bundle));
      const served = JSON.parse(text) as AuditBundle;
      expect((await verifyBundle(served, s.logKey, { verify: nodeVerify })).checkpoint.size).toBe(size ?? s.ledger.size);
    }
    expect(await assembleBundleJsonBytes(s.ledger, 'no-such-batch')).toBeUndefined();
    await s.ledger.close();
  });

  it('carries each entry as its stored leaf text, which differs from a re-serialisation only in key order', async () => {
    const s = await copperChain();
    const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
    const first = bundle.entries[0]!;
    // A leaf whose keys JavaScript would reorder (array-index-like keys come first in objects).
    const withIndexKeys = { ...first.entry, z: { '10': 1, '9': 2, b: 3 } };
    const leaf = canonicalize(withIndexKeys);
    const text = bundleJsonBytes({ ...bundle, entries: [{ ...first, entry: withIndexKeys }] }, (seq) => {
      expect(seq).toBe(first.seq);
      return leaf;
    }).toString('utf8');
    expect(text).toContain(`"entry":${leaf},"proof":`);
    expect(text).not.toBe(JSON.stringify({ ...bundle, entries: [{ ...first, entry: withIndexKeys }] }));
    expect(JSON.parse(text)).toEqual({ ...bundle, entries: [{ ...first, entry: withIndexKeys }] });
    await s.ledger.close();
  });

  it('writes text outside ASCII as its UTF-8 bytes and an empty proof as [], byte for byte as JSON.stringify', async () => {
    const s = await copperChain();
    const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
    const [first, second] = bundle.entries;
    // Two- to four-byte UTF-8 in a leaf and in the head: a byte count taken as the string's
    // length would come out short, and latin1 would garble them.
    const withText = { ...first!.entry, note: 'Kupferdraht, geprüft – 銅 🔌' };
    const edited: AuditBundle = { ...bundle, batch: { ...bundle.batch, name: 'Drähte ✓' } as AuditBundle['batch'], entries: [{ ...first!, entry: withText }, { ...second!, proof: [] }] };
    const leaves = new Map([[first!.seq, canonicalize(withText)], [second!.seq, canonicalize(second!.entry)]]);
    const bytes = bundleJsonBytes(edited, (seq) => leaves.get(seq)!);
    expect(bytes.equals(Buffer.from(JSON.stringify({ ...edited, entries: [{ ...first!, entry: JSON.parse(leaves.get(first!.seq)!) }, { ...second!, proof: [] }] }), 'utf8'))).toBe(true);
    expect(bytes.toString('utf8')).toContain('"proof":[]}');
    await s.ledger.close();
  });

  it('writes proofs that share nodes, copied from where a node was first written, as JSON.stringify writes them one by one', () => {
    const hexOf = (n: number) => n.toString(16).padStart(64, '0');
    // A frame of `indices` in a tree of `size`, its nodes named by number, from one plan or, as
    // a served bundle's are, picked from two plans (the lineage's and the late entries').
    const frameOf = (size: number, indices: number[], split: number): ProofSet => {
      const planned = (of: number[], base: number): ProofSet => {
        const plan = inclusionBatchPlan(of, size);
        return { nodes: plan.nodes.map((_, i) => hexOf(base + i)), proofs: plan.proofs };
      };
      const early = planned(indices.slice(0, split), 0);
      const late = planned(indices.slice(split), 1_000_000);
      return pickProofs(indices.map((_, i) => (i < split ? [early, i] : [late, i - split])));
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((size) => fc.tuple(fc.constant(size), fc.array(fc.integer({ min: 0, max: size - 1 }), { maxLength: 60 }), fc.nat())),
        ([size, indices, cut]) => {
          const proofs = frameOf(size, indices, indices.length === 0 ? 0 : cut % (indices.length + 1));
          const head = { format: 'tally-bundle/v1', origin: 'o', logKey: 'k', checkpoint: 'c' } as never;
          const leaf = (seq: number) => `{"n":${seq}}`;
          const bytes = bundleFrameJsonBytes({ head, seqs: indices, proofs }, leaf);
          const expected = { ...(head as object), entries: indices.map((seq, i) => ({ seq, entry: { n: seq }, proof: proofsOf(proofs)[i] })) };
          expect(bytes.toString('latin1')).toBe(JSON.stringify(expected));
          expect(bundleFrameJsonBytes({ head, seqs: indices, proofs: separateProofs(proofsOf(proofs)) }, leaf).equals(bytes)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
