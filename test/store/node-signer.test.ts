import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { signBytes } from '../../ledger/crypto/signature.js';
import { parseCheckpoint } from '../../ledger/log/checkpoint.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { nodePoolSigner, nodeSigner } from '../../ledger/store/node-signer.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/**
 * The server signs checkpoints with node:crypto, on the thread pool (nodePoolSigner). Ed25519 is
 * deterministic (RFC 8032), so both node forms must give exactly @noble/ed25519's bytes, and a
 * log that signs its checkpoints on the pool must sign the very checkpoints of one that does not.
 */

it('signs exactly the bytes noble signs, synchronously and on the thread pool', async () => {
  for (const length of [0, 1, 64, 1000]) {
    const key = generateKeyPair();
    const msg = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
    const expected = signBytes(msg, key.secretKey);
    expect(nodeSigner(key.secretKey)(msg)).toEqual(expected);
    expect(await nodePoolSigner(key.secretKey)(msg)).toEqual(expected);
  }
});

it('a ledger signing on the thread pool writes the checkpoints a synchronous signer writes', async () => {
  const settings = testLedgerSettings({ clock: () => new Date('2026-06-01T00:00:00Z') });
  const pooled = await Ledger.open(new MemoryBackend(), { ...settings, signAsync: nodePoolSigner(settings.logKey.secretKey) });
  const plain = await Ledger.open(new MemoryBackend(), { ...settings, sign: nodeSigner(settings.logKey.secretKey) });
  const at = new Date('2026-06-01T00:00:00Z');
  const registrations = ['a', 'b', 'c'].map((id) => registerParticipant(settings, id, generateKeyPair().publicKey, at));
  for (const envelope of registrations) {
    await pooled.submit(envelope);
    await plain.submit(envelope);
    expect(pooled.checkpoint).toBe(plain.checkpoint);
  }
  expect(parseCheckpoint(pooled.checkpoint, pooled.info.logKey)).toMatchObject({ size: 4, rootHash: pooled.rootHash });
  await pooled.close();
  await plain.close();
});
