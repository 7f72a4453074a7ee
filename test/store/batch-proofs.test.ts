import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { fromHex } from '../../ledger/encoding/bytes.js';
import { inclusionPlan } from '../../ledger/merkle/plan.js';
import { verifyInclusion } from '../../ledger/merkle/verify.js';
import type { KvBackend } from '../../ledger/store/backend.js';
import { readImmutable } from '../../ledger/store/batch-proofs.js';
import { assembleBundle, assembleBundleJsonBytes } from '../../ledger/store/bundle-source.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import { LOG_KEYS } from '../../ledger/store/log-layout.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { verifyBundle } from '../../sdk/verify/index.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { copperChain } from '../sdk/scenario.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/**
 * A memory store an operator (or a failing disk) has tampered with: `hidden` keys read as absent,
 * `replaced` keys read as other text, for every kind of read.
 */
class TamperedBackend extends MemoryBackend {
  readonly hidden = new Set<string>();
  readonly replaced = new Map<string, string>();
  getManyCalls = 0;

  private seen(key: string, value: string | undefined): string | undefined {
    return this.hidden.has(key) ? undefined : (this.replaced.get(key) ?? value);
  }
  override async get(key: string): Promise<string | undefined> {
    return this.seen(key, await super.get(key));
  }
  override async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    this.getManyCalls++;
    return (await super.getMany(keys)).map((value, i) => this.seen(keys[i]!, value));
  }
}

/** A ledger of `participants` registrations after genesis: a tree that is not a power of two. */
async function ledgerOf(backend: KvBackend, participants: number): Promise<Ledger> {
  const settings = testLedgerSettings();
  const ledger = await Ledger.open(backend, settings);
  const key = generateKeyPair().publicKey;
  for (let i = 0; i < participants; i += 10) {
    await Promise.all(Array.from({ length: Math.min(10, participants - i) }, (_, j) => ledger.submit(registerParticipant(settings, `p${i + j}`, key))));
  }
  return ledger;
}

/** The proofs of `seqs` in the tree of `size`, one inclusionProof at a time (the reference). */
async function oneByOne(ledger: Ledger, seqs: readonly number[], size: number): Promise<string[][]> {
  return Promise.all(seqs.map(async (seq) => (await ledger.inclusionProof(seq, size)).proof));
}

describe('Ledger.inclusionProofs', () => {
  let backend: TamperedBackend;
  let ledger: Ledger;
  beforeAll(async () => {
    backend = new TamperedBackend();
    ledger = await ledgerOf(backend, 76);
  });
  afterAll(() => ledger.close());

  /** A past tree size and seqs in it, repeats and the right edge included. */
  const sizeAndSeqs = () =>
    fc.integer({ min: 1, max: ledger.size }).chain((size) =>
      fc.tuple(fc.constant(size), fc.array(fc.oneof(fc.integer({ min: 0, max: size - 1 }), fc.constant(size - 1)), { maxLength: 60 })),
    );

  it('gives exactly the proofs inclusionProof gives one by one, for random seqs and tree sizes', async () => {
    expect(ledger.size).toBe(77);
    await fc.assert(
      fc.asyncProperty(sizeAndSeqs(), async ([size, seqs]) => {
        expect(await ledger.inclusionProofs(seqs, size)).toEqual(await oneByOne(ledger, seqs, size));
      }),
      { numRuns: 150 },
    );
    for (let size = 1; size <= ledger.size; size++) {
      const all = Array.from({ length: size }, (_, i) => i);
      expect(await ledger.inclusionProofs(all, size)).toEqual(await oneByOne(ledger, all, size));
    }
  });

  it('gives proofs that verify against the root of the tree', async () => {
    const size = ledger.size;
    const seqs = Array.from({ length: size }, (_, i) => size - 1 - i);
    const proofs = await ledger.inclusionProofs(seqs, size);
    for (const [i, seq] of seqs.entries()) {
      const { leafHash } = await ledger.inclusionProof(seq, size);
      expect(() => verifyInclusion(fromHex(leafHash), seq, size, proofs[i]!.map(fromHex), fromHex(ledger.rootHash))).not.toThrow();
    }
  });

  it('reads every subtree hash of a bundle-sized request in a few reads, not one per proof', async () => {
    const before = backend.getManyCalls;
    await ledger.inclusionProofs(Array.from({ length: ledger.size }, (_, i) => i), ledger.size);
    expect(backend.getManyCalls - before).toBe(1);
  });

  it('refuses a seq outside the tree or a size beyond the log', async () => {
    for (const [seqs, size] of [[[3], 3], [[-1], 3], [[0.5], 3], [[0], 0], [[0], ledger.size + 1], [[0, 1], Number.NaN]] as const) {
      await expect(ledger.inclusionProofs(seqs, size)).rejects.toMatchObject({ code: 'invalid_range' });
    }
  });

  it('fails with store_corrupt when a subtree hash it needs is missing, never with a wrong proof', async () => {
    const size = ledger.size;
    // Leaf 5's stored hash is in the proof of leaf 4 only (the others take [4, 6) or [4, 8) whole).
    const healthy = await oneByOne(ledger, [5], size);
    backend.hidden.add(LOG_KEYS.subtree(0, 5));
    try {
      for (const seqs of [[4], [9, 4, 70], [size - 1, 4, 4]]) {
        await expect(ledger.inclusionProofs(seqs, size)).rejects.toMatchObject({ code: 'store_corrupt' });
        await expect(oneByOne(ledger, seqs, size)).rejects.toMatchObject({ code: 'store_corrupt' });
      }
      expect(await ledger.inclusionProofs([0, 9, 70], size)).toEqual(await oneByOne(ledger, [0, 9, 70], size));
      // Leaf 5's own hash is in no proof of leaf 5 (inclusionProof reads it only to report it).
      expect(await ledger.inclusionProofs([5], size)).toEqual(healthy);
      // The lone leaf on the right edge of the tree of 77, folded into the proofs of [0, 64).
      backend.hidden.clear();
      backend.hidden.add(LOG_KEYS.subtree(0, size - 1));
      for (const seqs of [[0], [63, 64]]) {
        await expect(ledger.inclusionProofs(seqs, size)).rejects.toMatchObject({ code: 'store_corrupt' });
        await expect(oneByOne(ledger, seqs, size)).rejects.toMatchObject({ code: 'store_corrupt' });
      }
    } finally {
      backend.hidden.clear();
    }
  });

  it('refuses a damaged subtree hash as the single proof does: short, long, not lowercase hex or not ASCII', async () => {
    const key = LOG_KEYS.subtree(1, 3);
    const good = (await backend.get(key))!;
    try {
      for (const [text, code] of [
        [good.slice(2), 'store_corrupt'],
        [good + '00', 'store_corrupt'],
        [good.toUpperCase(), 'invalid_encoding'],
        ['zz' + good.slice(2), 'invalid_encoding'],
        // Characters that would break the served JSON, or are not ASCII at all, at either end.
        ['"' + good.slice(1), 'invalid_encoding'],
        [good.slice(0, 63) + '\u00e9', 'invalid_encoding'],
        [good.slice(0, 63) + '\u0100', 'invalid_encoding'],
      ] as const) {
        backend.replaced.set(key, text);
        await expect(ledger.inclusionProofs([4, 40], ledger.size)).rejects.toMatchObject({ code });
        await expect(oneByOne(ledger, [4, 40], ledger.size)).rejects.toMatchObject({ code });
      }
    } finally {
      backend.replaced.clear();
    }
  });
});

describe('Ledger.entriesAt', () => {
  it('gives each entry as entry() does, in the order asked, undefined outside the log, over many chunks', async () => {
    const backend = new TamperedBackend();
    const ledger = await ledgerOf(backend, 12);
    const seqs = [5, 0, 12, 12, -1, 13, 0.5, Number.NaN, 3];
    expect(await ledger.entriesAt(seqs)).toEqual(await Promise.all(seqs.map((seq) => ledger.entry(seq))));
    expect((await ledger.entriesAt([13]))[0]).toBeUndefined();
    // More seqs than one read takes: read in chunks, still in the order asked.
    const many = Array.from({ length: 5000 }, (_, i) => (i * 7) % 13);
    const before = backend.getManyCalls;
    expect((await ledger.entriesAt(many)).map((entry) => entry!.seq)).toEqual(many);
    expect(backend.getManyCalls - before).toBe(3);
    // A missing entry is absent, not another entry.
    backend.hidden.add(LOG_KEYS.entry(7));
    expect((await ledger.entriesAt([6, 7, 8])).map((entry) => entry?.seq)).toEqual([6, undefined, 8]);
    await ledger.close();
  });
});

describe('readImmutable', () => {
  it('reads in chunks of at most 2048 keys and keeps the order of the keys', async () => {
    const sizes: number[] = [];
    const kv = new MemoryBackend();
    await kv.write(Array.from({ length: 5000 }, (_, i) => [`k/${i}`, `v${i}`] as const));
    const counting: KvBackend = { ...kv, get: (key) => kv.get(key), scan: (range) => kv.scan(range), write: (puts) => kv.write(puts), close: () => kv.close(), getMany: (keys) => (sizes.push(keys.length), kv.getMany(keys)) };
    const keys = Array.from({ length: 5001 }, (_, i) => `k/${4999 - i}`);
    expect(await readImmutable(counting, keys)).toEqual(keys.map((_, i) => (i < 5000 ? `v${4999 - i}` : undefined)));
    expect(sizes).toEqual([2048, 2048, 905]);
  });
});

describe('bundles from batched reads', () => {
  it('is the same bundle over LevelDB, and verifies offline with the SDK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-batch-proofs-'));
    try {
      const memory = await copperChain();
      const level = await copperChain(undefined, await LevelBackend.open(dir));
      for (const s of [memory, level]) {
        const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
        const size = s.ledger.size;
        expect(bundle.entries.map((item) => item.proof)).toEqual(await oneByOne(s.ledger, bundle.entries.map((item) => item.seq), size));
        expect((await verifyBundle(bundle, s.logKey, { verify: nodeVerify })).checkpoint.size).toBe(size);
        await s.ledger.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with store_corrupt when a subtree hash one of its proofs needs is missing', async () => {
    const backend = new TamperedBackend();
    const s = await copperChain(undefined, backend);
    const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
    // A subtree hash in the proof of the bundle's last entry.
    const { level, index } = inclusionPlan(bundle.entries.at(-1)!.seq, s.ledger.size)[0]![0]!;
    backend.hidden.add(LOG_KEYS.subtree(level, index));
    await expect(assembleBundle(s.ledger, 'RODF')).rejects.toMatchObject({ code: 'store_corrupt' });
    backend.hidden.clear();
    // A missing entry the lineage names, too.
    backend.hidden.add(LOG_KEYS.entry(bundle.entries[1]!.seq));
    await expect(assembleBundle(s.ledger, 'RODF')).rejects.toMatchObject({ code: 'store_corrupt' });
    backend.hidden.clear();
    expect(await assembleBundle(s.ledger, 'RODF')).toEqual(bundle);
    await s.ledger.close();
  });

  it('fails with store_corrupt, in both forms, when an entry it serves is stored damaged', async () => {
    const backend = new TamperedBackend();
    const s = await copperChain(undefined, backend);
    const bundle = (await assembleBundle(s.ledger, 'RODF'))!;
    // Genesis is read only to be served, the lineage's entries to name their participants too.
    for (const seq of [0, bundle.entries.at(-1)!.seq]) {
      const key = LOG_KEYS.entry(seq);
      const text = (await backend.get(key))!;
      for (const damaged of [text.slice(0, -1), text.replace(`"seq":${seq}`, `"seq":${seq + 1}`)]) {
        backend.replaced.set(key, damaged);
        await expect(assembleBundle(s.ledger, 'RODF')).rejects.toMatchObject({ code: 'store_corrupt' });
        await expect(assembleBundleJsonBytes(s.ledger, 'RODF')).rejects.toMatchObject({ code: 'store_corrupt' });
      }
      backend.replaced.clear();
    }
    expect(JSON.parse((await assembleBundleJsonBytes(s.ledger, 'RODF'))!.toString('utf8'))).toEqual(bundle);
    await s.ledger.close();
  });

  it('sees an entry appended after a bundle was read: nothing is kept between bundles', async () => {
    const s = await copperChain();
    const before = (await assembleBundle(s.ledger, 'RODF'))!;
    await s.submit('attest RODF', 'fab', 'batch.attest', { batch: 'RODF', kind: 'assay', sha256: 'b'.repeat(64) });
    const after = (await assembleBundle(s.ledger, 'RODF'))!;
    expect(after.checkpoint).toBe(s.ledger.checkpoint);
    expect(after.checkpoint).not.toBe(before.checkpoint);
    expect(after.entries.at(-1)!.seq).toBe(s.seq['attest RODF']);
    expect(after.entries.map((item) => item.proof)).toEqual(await oneByOne(s.ledger, after.entries.map((item) => item.seq), s.ledger.size));
    expect((await verifyBundle(after, s.logKey, { verify: nodeVerify })).checkpoint.size).toBe(s.ledger.size);
    await s.ledger.close();
  });
});
