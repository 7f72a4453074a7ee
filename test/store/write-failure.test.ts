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

/** A memory backend whose writes can be made to fail (a full disk, an I/O error). */
class FlakyBackend implements KvBackend {
  readonly inner = new MemoryBackend();
  failWrites = false;
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
    if (this.failWrites) throw new Error('EIO: disk write failed');
    return this.inner.write(puts);
  }
  close() {
    return this.inner.close();
  }
}

it('refuses the batches of a failed write, then continues from the last durable state', async () => {
  const settings = testLedgerSettings();
  const backend = new FlakyBackend();
  const ledger = await Ledger.open(backend, settings);
  const key = generateKeyPair().publicKey;
  await ledger.submit(registerParticipant(settings, 'before', key));
  const durable = { size: ledger.size, root: ledger.rootHash };

  backend.failWrites = true;
  const failing = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => ledger.submit(registerParticipant(settings, `lost-${i}`, key))));
  expect(failing.every((o) => o.status === 'rejected')).toBe(true);
  expect({ size: ledger.size, root: ledger.rootHash }).toEqual(durable);

  backend.failWrites = false;
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
