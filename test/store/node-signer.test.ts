import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { signBytes } from '../../ledger/crypto/signature.js';
import { parseCheckpoint } from '../../ledger/log/checkpoint.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { nodePoolSigner, nodeSigner } from '../../ledger/store/node-signer.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/**
 * The server signs checkpoints with node:crypto, on the thread pool (nodePoolSigner) while other
 * submissions wait, on the request thread otherwise. Ed25519 is deterministic (RFC 8032), so both
 * node forms must give exactly @noble/ed25519's bytes, and a log that signs its checkpoints on the
 * pool must sign the very checkpoints of one that does not.
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

it('a ledger given a pool signer writes, one submission at a time, the checkpoints a synchronous signer writes', async () => {
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

it('signs on the pool only while enough submissions wait to make the next batch, and the log comes out the same', async () => {
  const settings = testLedgerSettings({ clock: () => new Date('2026-06-01T00:00:00Z') });
  const signed = { inline: 0, pool: 0 };
  const inline = nodeSigner(settings.logKey.secretKey);
  const pool = nodePoolSigner(settings.logKey.secretKey);
  const ledger = await Ledger.open(new MemoryBackend(), {
    ...settings,
    sign: (msg) => (signed.inline++, inline(msg)),
    signAsync: (msg) => (signed.pool++, pool(msg)),
  });
  const plain = await Ledger.open(new MemoryBackend(), { ...settings, sign: nodeSigner(settings.logKey.secretKey) });
  const at = new Date('2026-06-01T00:00:00Z');
  const registrations = Array.from({ length: 40 }, (_, i) => registerParticipant(settings, `p-${i}`, generateKeyPair().publicKey, at));

  const opened = { ...signed };
  // One at a time: nothing waits, so the request thread signs.
  for (const envelope of registrations.slice(0, 3)) await ledger.submit(envelope);
  expect(signed.pool).toBe(opened.pool);
  expect(signed.inline).toBe(opened.inline + 3);
  // Clients hear as soon as their batch is durable, before the drain that wrote it has ended; once
  // it has, a burst starts a batch of its first submission and the rest queue behind it.
  await new Promise((resolve) => setImmediate(resolve));
  // All at once: the first batch is signed while the rest wait.
  await Promise.all(registrations.slice(3).map((envelope) => ledger.submit(envelope)));
  expect(signed.pool).toBeGreaterThan(opened.pool);

  for (const envelope of registrations) await plain.submit(envelope);
  expect(ledger.rootHash).toBe(plain.rootHash);
  expect(parseCheckpoint(ledger.checkpoint, ledger.info.logKey)).toMatchObject({ size: plain.size, rootHash: plain.rootHash });
  // Every checkpoint it signed, on the pool or not, is the one the synchronous signer wrote at that size.
  let compared = 0;
  for (let size = 1; size <= plain.size; size++) {
    const signedHere = await ledger.checkpointAt(size);
    if (signedHere === undefined) continue;
    expect(signedHere).toBe(await plain.checkpointAt(size));
    compared++;
  }
  // At least the three signed alone and every one signed on the pool.
  expect(compared).toBeGreaterThanOrEqual(3 + signed.pool - opened.pool);
  await ledger.close();
  await plain.close();
});
