import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { nobleVerify } from '../../ledger/crypto/signature.js';
import { parseCheckpoint } from '../../ledger/log/checkpoint.js';
import { assembleBundleAt } from '../../ledger/store/bundle-source.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/**
 * The checkpoints a passport can pin: the store keeps the one it signs at each group commit, so
 * `bundle?size=N` is proven against exactly the note the log signed at N (and witnesses may have
 * cosigned), never a note signed later for an old size. Sizes inside a group commit were never
 * signed and are refused. Kept across a restart.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('signed checkpoints by size', () => {
  it('keeps every group commit\'s checkpoint, refuses sizes inside a group, and survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-pinned-'));
    dirs.push(dir);
    const settings = testLedgerSettings();
    let ledger = await Ledger.open(await LevelBackend.open(dir), settings);
    const key = generateKeyPair().publicKey;
    await ledger.submit(registerParticipant(settings, 'solo', key));
    const afterSolo = ledger.size;
    const signedAtSolo = ledger.checkpoint;
    // Many at once: the pipeline writes them in as few group commits as it can.
    await Promise.all(Array.from({ length: 30 }, (_, i) => ledger.submit(registerParticipant(settings, `p${i}`, key))));
    const end = ledger.size;

    expect(await ledger.checkpointAt(afterSolo)).toBe(signedAtSolo);
    expect(await ledger.checkpointAt(end)).toBe(ledger.checkpoint);
    const signed: number[] = [];
    for (let size = 1; size <= end; size++) {
      const text = await ledger.checkpointAt(size);
      if (text === undefined) continue;
      signed.push(size);
      expect(parseCheckpoint(text, ledger.info.logKey)).toMatchObject({ size });
    }
    // Fewer checkpoints than sizes: some sizes fell inside a group commit and were never signed.
    expect(signed.length).toBeLessThan(end);
    const unsigned = Array.from({ length: end }, (_, i) => i + 1).find((n) => !signed.includes(n))!;
    await expect(assembleBundleAt(ledger, 'any', unsigned, nobleVerify)).rejects.toMatchObject({ code: 'checkpoint_not_signed' });
    for (const bad of [0, -1, end + 1, 1.5]) expect(await ledger.checkpointAt(bad)).toBeUndefined();

    await ledger.close();
    ledger = await Ledger.open(await LevelBackend.open(dir), settings);
    expect(await ledger.checkpointAt(afterSolo)).toBe(signedAtSolo);
    for (const size of signed) expect(await ledger.checkpointAt(size)).toBeDefined();
    await ledger.close();
  });
});
