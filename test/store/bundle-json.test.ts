import { describe, expect, it } from 'vitest';
import { bundleJson } from '../../ledger/bundle/serialize.js';
import { canonicalize } from '../../ledger/encoding/jcs.js';
import { assembleBundle, assembleBundleAt, assembleBundleAtJson, assembleBundleJson } from '../../ledger/store/bundle-source.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import type { AuditBundle } from '../../schemas/bundle.js';
import { copperChain } from '../sdk/scenario.js';

describe('bundles served as JSON text', () => {
  it('is exactly JSON.stringify of the bundle, at the latest checkpoint and pinned, and verifies offline', async () => {
    const s = await copperChain();
    const created = s.seq['split RODF']!;
    for (const size of [undefined, created + 1, s.ledger.size - 1]) {
      const bundle = size === undefined ? await assembleBundle(s.ledger, 'RODF') : await assembleBundleAt(s.ledger, 'RODF', size, nodeVerify);
      const text = size === undefined ? await assembleBundleJson(s.ledger, 'RODF') : await assembleBundleAtJson(s.ledger, 'RODF', size, nodeVerify);
      expect(bundle!.entries.length).toBeGreaterThan(3);
      expect(text).toBe(JSON.stringify(bundle));
      const served = JSON.parse(text!) as AuditBundle;
      expect((await verifyBundle(served, s.logKey, { verify: nodeVerify })).checkpoint.size).toBe(size ?? s.ledger.size);
    }
    expect(await assembleBundleJson(s.ledger, 'no-such-batch')).toBeUndefined();
    await s.ledger.close();
  });

  it('carries each entry as its stored leaf text, which differs from a re-serialisation only in key order', async () => {
    const s = await copperChain();
    const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
    const first = bundle.entries[0]!;
    // A leaf whose keys JavaScript would reorder (array-index-like keys come first in objects).
    const withIndexKeys = { ...first.entry, z: { '10': 1, '9': 2, b: 3 } };
    const leaf = canonicalize(withIndexKeys);
    const text = bundleJson({ ...bundle, entries: [{ ...first, entry: withIndexKeys }] }, (seq) => {
      expect(seq).toBe(first.seq);
      return leaf;
    });
    expect(text).toContain(`"entry":${leaf},"proof":`);
    expect(text).not.toBe(JSON.stringify({ ...bundle, entries: [{ ...first, entry: withIndexKeys }] }));
    expect(JSON.parse(text)).toEqual({ ...bundle, entries: [{ ...first, entry: withIndexKeys }] });
    await s.ledger.close();
  });
});
