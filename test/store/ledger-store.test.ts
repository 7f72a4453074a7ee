import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { fromHex } from '../../ledger/encoding/bytes.js';
import { parseCheckpoint } from '../../ledger/log/checkpoint.js';
import { entryHash } from '../../ledger/log/entry.js';
import { verifyConsistency, verifyInclusion } from '../../ledger/merkle/verify.js';
import type { KvBackend } from '../../ledger/store/backend.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import { LOG_KEYS } from '../../ledger/store/log-layout.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Each factory returns a function that opens the same backend again (a restart). */
const backends: Array<[string, () => () => Promise<KvBackend>]> = [
  [
    'memory',
    () => {
      // A restart of the memory store: the same data behind a handle whose close() keeps it.
      const kv = new MemoryBackend();
      return async () => ({
        get: (key) => kv.get(key),
        getMany: (keys) => kv.getMany(keys),
        scan: (range) => kv.scan(range),
        write: (puts) => kv.write(puts),
        close: async () => {},
      });
    },
  ],
  [
    'level',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'tally-ledger-'));
      dirs.push(dir);
      return () => LevelBackend.open(dir);
    },
  ],
];

describe.each(backends)('Ledger over %s', (_name, makeBackend) => {
  it('writes genesis as entry 0, signed checkpoint of size 1', async () => {
    const settings = testLedgerSettings();
    const ledger = await Ledger.open(await makeBackend()(), settings);
    expect(ledger.size).toBe(1);
    const genesis = await ledger.entry(0);
    expect(genesis?.event.type).toBe('ledger.genesis');
    expect(genesis?.prev).toBe('0'.repeat(64));
    const checkpoint = parseCheckpoint(ledger.checkpoint, ledger.info.logKey);
    expect(checkpoint).toEqual({ origin: settings.origin, size: 1, rootHash: ledger.rootHash });
    await ledger.close();
  });

  it('appends concurrent submissions as one chain whose every entry proves inclusion and consistency', async () => {
    const settings = testLedgerSettings();
    const ledger = await Ledger.open(await makeBackend()(), settings);
    const key = generateKeyPair().publicKey;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => ledger.submit(registerParticipant(settings, `p${i}`, key))));
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(results.every((r) => r.created)).toBe(true);
    expect(ledger.size).toBe(41);

    const entries = await ledger.entries(0, 100);
    expect(entries).toHaveLength(41);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prev).toBe(entryHash(entries[i - 1]!));

    const root = fromHex(ledger.rootHash);
    for (const seq of [0, 1, 17, 40]) {
      const { leafHash, proof } = await ledger.inclusionProof(seq, 41);
      expect(leafHash).toBe(entryHash(entries[seq]!));
      expect(() => verifyInclusion(fromHex(leafHash), seq, 41, proof.map(fromHex), root)).not.toThrow();
    }
    const oldRoot = fromHex((await ledger.inclusionProof(0, 1)).leafHash);
    const { proof } = await ledger.consistencyProof(1, 41);
    expect(() => verifyConsistency(1, 41, proof.map(fromHex), oldRoot, root)).not.toThrow();
    await ledger.close();
  });

  it('answers an identical resubmission with the original seq and refuses the same id with other content', async () => {
    const settings = testLedgerSettings();
    const ledger = await Ledger.open(await makeBackend()(), settings);
    const key = generateKeyPair().publicKey;
    const envelope = registerParticipant(settings, 'alpha', key);
    const first = await ledger.submit(envelope);
    const again = await ledger.submit(structuredClone(envelope));
    expect(again).toEqual({ ...first, created: false });
    const other = registerParticipant(settings, 'alpha', generateKeyPair().publicKey);
    await expect(ledger.submit(other)).rejects.toMatchObject({ code: 'event_conflict' });
    expect(ledger.size).toBe(2);
    await ledger.close();
  });

  it('refuses an invalid submission without touching the log, while its batch-mates land', async () => {
    const settings = testLedgerSettings();
    const ledger = await Ledger.open(await makeBackend()(), settings);
    const key = generateKeyPair().publicKey;
    const good = registerParticipant(settings, 'good', key);
    const forged = { ...registerParticipant(settings, 'forged', key), sig: registerParticipant(settings, 'other', key).sig };
    const outcomes = await Promise.allSettled([ledger.submit(forged), ledger.submit(good)]);
    expect(outcomes[0].status).toBe('rejected');
    expect(outcomes[1]).toMatchObject({ status: 'fulfilled', value: { seq: 1 } });
    expect(ledger.size).toBe(2);
    await ledger.close();
  });

  it('reopens to the same head, and refuses settings other than genesis fixed', async () => {
    const settings = testLedgerSettings();
    const reopen = makeBackend();
    const ledger = await Ledger.open(await reopen(), settings);
    await ledger.submit(registerParticipant(settings, 'one', generateKeyPair().publicKey));
    const { rootHash, checkpoint } = ledger;
    await ledger.close();

    const again = await Ledger.open(await reopen(), settings);
    expect([again.size, again.rootHash, again.checkpoint]).toEqual([2, rootHash, checkpoint]);
    await again.close();

    await expect(Ledger.open(await reopen(), { ...settings, homeCountry: 'FR' })).rejects.toMatchObject({ code: 'store_config_mismatch' });
    // Not `store_corrupt`: nothing is wrong with the store, and a restore would not help.
    await expect(Ledger.open(await reopen(), { ...settings, origin: 'other/log' })).rejects.toMatchObject({
      code: 'store_config_mismatch',
      message: expect.stringContaining('TALLY_ORIGIN'),
    });
  });

  it('refuses to open a store whose entry was edited, naming the entry', async () => {
    const settings = testLedgerSettings();
    const reopen = makeBackend();
    const ledger = await Ledger.open(await reopen(), settings);
    for (let i = 0; i < 3; i++) await ledger.submit(registerParticipant(settings, `p${i}`, generateKeyPair().publicKey));
    await ledger.close();

    const kv = await reopen();
    const text = (await kv.get(LOG_KEYS.entry(2)))!;
    await kv.write([[LOG_KEYS.entry(2), text.replace('Participant p1', 'Participant q1')]]);
    await kv.close();
    await expect(Ledger.open(await reopen(), settings)).rejects.toMatchObject({ code: 'store_corrupt', message: expect.stringContaining('entry 2') });
  });
});
