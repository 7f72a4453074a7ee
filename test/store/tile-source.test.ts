import { describe, expect, it } from 'vitest';
import { leafHash } from '../../ledger/crypto/hash.js';
import { toHex } from '../../ledger/encoding/bytes.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { readTile } from '../../ledger/store/tile-source.js';
import { decodeEntryBundle, splitHashTile } from '../../ledger/tiles/index.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/** A backend that records which keys are read. */
class SpyBackend extends MemoryBackend {
  readonly reads: string[] = [];
  override async get(key: string) {
    this.reads.push(key);
    return super.get(key);
  }
  override async getMany(keys: readonly string[]) {
    this.reads.push(...keys);
    return super.getMany(keys);
  }
  override async *scan(range: { gte: string; lt: string }) {
    this.reads.push(`scan ${range.gte}`);
    yield* super.scan(range);
  }
}

describe('tiles from the store', () => {
  it('serves hash tiles from the stored level-8L subtree hashes without reading a leaf', async () => {
    const backend = new SpyBackend();
    const settings = testLedgerSettings();
    const ledger = await Ledger.open(backend, settings);
    for (let i = 0; i < 20; i++) await ledger.submit(registerParticipant(settings, `p${i}`, generateKeyPair().publicKey));
    backend.reads.length = 0;
    const tile = await readTile(ledger, { level: 0, index: 0, width: 21 });
    expect(backend.reads.every((key) => key.startsWith('log/h/00/'))).toBe(true);
    expect(backend.reads).toHaveLength(21);
    const bundle = decodeEntryBundle((await readTile(ledger, { level: 'entries', index: 0, width: 21 }))!);
    expect(bundle.map((e) => toHex(leafHash(e)))).toEqual(splitHashTile(tile!, 21).map(toHex));
    expect(await readTile(ledger, { level: 0, index: 0, width: 22 })).toBeUndefined();
    expect(await readTile(ledger, { level: 1, index: 0, width: 1 })).toBeUndefined();
    await ledger.close();
  });
});
