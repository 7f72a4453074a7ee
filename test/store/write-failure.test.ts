import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { fromHex } from '../../ledger/encoding/bytes.js';
import { parseCheckpoint } from '../../ledger/log/checkpoint.js';
import { entryHash } from '../../ledger/log/entry.js';
import { verifyInclusion } from '../../ledger/merkle/verify.js';
import type { KeyRange, KvBackend } from '../../ledger/store/backend.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';
import { until } from '../support/until.js';

/** A handle on a memory store whose writes can be made to fail (a full disk, an I/O error). */
class FlakyBackend implements KvBackend {
  static failWrites = false;
  static opened = 0;
  constructor(readonly inner: MemoryBackend) {
    FlakyBackend.opened++;
  }
  get(key: string) {
    return this.inner.get(key);
  }
  getMany(keys: readonly string[]) {
    return this.inner.getMany(keys);
  }
  scan(range: KeyRange) {
    return this.inner.scan(range);
  }
  async write(puts: ReadonlyArray<readonly [string, string]>) {
    // Fail after a delay, so that further submissions queue up behind the failing write.
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (FlakyBackend.failWrites) throw new Error('EIO: disk write failed');
    return this.inner.write(puts);
  }
  async close() {}
}


it('refuses everything after a failed write until the store is reopened and checked, then continues from it', async () => {
  const settings = testLedgerSettings();
  const data = new MemoryBackend();
  // While the disk stays unusable, reopening fails too (LevelDB writes a new log and manifest).
  const reopen = async () => {
    if (FlakyBackend.failWrites) throw new Error('EIO: cannot write the manifest');
    return new FlakyBackend(data);
  };
  const ledger = await Ledger.open(new FlakyBackend(data), { ...settings, reopen });
  const key = generateKeyPair().publicKey;
  await ledger.submit(registerParticipant(settings, 'before', key));
  const durable = { size: ledger.size, root: ledger.rootHash };
  // Let the drain that answered it end (its clients hear as soon as the write is durable, before
  // it looks at the queue again), so that the burst below starts a batch of its own first.
  await new Promise((resolve) => setImmediate(resolve));

  FlakyBackend.failWrites = true;
  const failing = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => ledger.submit(registerParticipant(settings, `lost-${i}`, key))));
  expect(failing.every((o) => o.status === 'rejected')).toBe(true);
  // The first batch hears that its write failed; the rest that the ledger stopped appending.
  const codes = new Set(failing.map((o) => (o as PromiseRejectedResult).reason.code));
  expect([...codes].sort()).toEqual(['store_write_failed', 'unavailable']);
  expect({ size: ledger.size, root: ledger.rootHash }).toEqual(durable);
  // While the store is unusable the ledger is not ready, and refuses at once (503).
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(ledger.health()).toMatchObject({ ready: false, state: 'recovering' });
  await expect(ledger.submit(registerParticipant(settings, 'during', key))).rejects.toMatchObject({ code: 'unavailable' });

  FlakyBackend.failWrites = false;
  const opened = FlakyBackend.opened;
  await until(() => ledger.health().ready);
  expect(FlakyBackend.opened, 'the store was reopened before appending again').toBeGreaterThan(opened);
  // A refused submission can be sent again: nothing of it was kept.
  const retried = await Promise.all(Array.from({ length: 30 }, (_, i) => ledger.submit(registerParticipant(settings, `lost-${i}`, key))));
  expect(retried.every((r) => r.created)).toBe(true);
  expect(ledger.size).toBe(durable.size + 30);
  const entries = await ledger.entries(0, ledger.size);
  for (let i = 1; i < entries.length; i++) expect(entries[i]!.prev).toBe(entryHash(entries[i - 1]!));
  const last = await ledger.inclusionProof(ledger.size - 1, ledger.size);
  expect(() => verifyInclusion(fromHex(last.leafHash), ledger.size - 1, ledger.size, last.proof.map(fromHex), fromHex(ledger.rootHash))).not.toThrow();
  expect(parseCheckpoint(ledger.checkpoint, ledger.info.logKey).size).toBe(ledger.size);
  await ledger.close();
});

it('without a way to reopen the store, a failed write stops the ledger until it is restarted', async () => {
  const settings = testLedgerSettings();
  const ledger = await Ledger.open(new FlakyBackend(new MemoryBackend()), settings);
  FlakyBackend.failWrites = true;
  await expect(ledger.submit(registerParticipant(settings, 'lost', generateKeyPair().publicKey))).rejects.toMatchObject({ code: 'store_write_failed' });
  FlakyBackend.failWrites = false;
  expect(ledger.health()).toMatchObject({ ready: false, state: 'halted', reason: expect.stringContaining('restart') });
  await expect(ledger.submit(registerParticipant(settings, 'later', generateKeyPair().publicKey))).rejects.toMatchObject({ code: 'unavailable' });
  await ledger.close();
});

it('halts for good when the reopened store lost what the log had published', async () => {
  const settings = testLedgerSettings();
  const data = new MemoryBackend();
  const snapshot = new MemoryBackend();
  const ledger = await Ledger.open(new FlakyBackend(data), { ...settings, reopen: async () => new FlakyBackend(snapshot) });
  // The reopened "store" is a copy taken at genesis: it lacks the acknowledged entry 1.
  for await (const [k, v] of data.scan({ gte: '' })) await snapshot.write([[k, v]]);
  await ledger.submit(registerParticipant(settings, 'acknowledged', generateKeyPair().publicKey));
  FlakyBackend.failWrites = true;
  await expect(ledger.submit(registerParticipant(settings, 'lost', generateKeyPair().publicKey))).rejects.toMatchObject({ code: 'store_write_failed' });
  FlakyBackend.failWrites = false;
  await until(() => ledger.health().state === 'halted');
  expect(ledger.health()).toMatchObject({ reason: expect.stringContaining('fewer than the 2 of the last checkpoint') });
  await ledger.close();
});
