import { describe, expect, it, vi } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { fromBase64Url, toBase64Url } from '../../ledger/encoding/bytes.js';
import { eventSigningBytes, sealEvent, signEvent } from '../../ledger/log/event-signing.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { SignaturesAhead, type SignatureCheck } from '../../sdk/signatures-ahead.js';

/**
 * A key-registering entry, then `count` entries signed by that key, each event sealed as replayLog
 * seals a page (so its signed bytes are one array throughout).
 */
function signedPage(count: number): { entries: Entry[]; pub: Uint8Array } {
  const { secretKey, publicKey } = generateKeyPair();
  const genesis = { seq: 0, event: sealEvent({ type: 'ledger.genesis', registrar: { keys: [toBase64Url(publicKey)] } } as never), keyId: 'none', sig: '' };
  const entries = [genesis as unknown as Entry];
  for (let i = 1; i <= count; i++) {
    const envelope = signEvent({ type: 'batch.attest', n: i } as never, secretKey);
    entries.push({ seq: i, ...envelope, event: sealEvent(envelope.event) } as unknown as Entry);
  }
  return { entries, pub: publicKey };
}

const checkOf = (entry: Entry, pub: Uint8Array): [Uint8Array, Uint8Array, Uint8Array] => [fromBase64Url(entry.sig), eventSigningBytes(entry.event), pub];

/** A pool whose answers the test releases: each call waits until `answer` is called for it. */
function heldPool(judge: (check: SignatureCheck) => boolean = (c) => nodeVerify(c.sig, c.msg, c.pub)) {
  const calls: Array<{ checks: readonly SignatureCheck[]; answer: () => void; fail: (err: unknown) => void }> = [];
  const verifyBatch = (checks: readonly SignatureCheck[]) =>
    new Promise<boolean[]>((resolve, reject) => calls.push({ checks, answer: () => resolve(checks.map(judge)), fail: reject }));
  return { calls, verifyBatch };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SignaturesAhead', () => {
  it('shares the checks: the pool takes the far end, the applying thread the near end, none twice', async () => {
    const { entries, pub } = signedPage(200);
    const pool = heldPool();
    const fallback = vi.fn(nodeVerify);
    const ahead = new SignaturesAhead(pool.verifyBatch, fallback);
    ahead.queuePage(entries);

    // 200 checks make 7 chunks (6 of 32, one of 8); the pool is handed the last four at once.
    expect(pool.calls.map((call) => call.checks.length)).toEqual([8, 32, 32, 32]);
    expect(pool.calls[0]!.checks[7]!.msg).toBe(eventSigningBytes(entries[200]!.event));
    expect(ahead.pending(entries[200]!)).toBeInstanceOf(Promise);

    // Entry 1's chunk is still queued: the applying thread checks that chunk itself, not the pool.
    expect(ahead.pending(entries[1]!)).toBeUndefined();
    expect(ahead.verify(...checkOf(entries[1]!, pub))).toBe(true);
    expect(fallback).toHaveBeenCalledTimes(32);
    expect(ahead.verify(...checkOf(entries[2]!, pub))).toBe(true);
    expect(fallback).toHaveBeenCalledTimes(32);

    // As the pool answers it is handed the next chunk from the far end.
    pool.calls[0]!.answer();
    await flush();
    expect(pool.calls).toHaveLength(5);
    expect(pool.calls[4]!.checks[0]!.msg).toBe(eventSigningBytes(entries[65]!.event));
    for (let i = 1; i < pool.calls.length; i++) pool.calls[i]!.answer();
    await flush();
    expect(pool.calls).toHaveLength(6);
    expect(pool.calls[5]!.checks[0]!.msg).toBe(eventSigningBytes(entries[33]!.event));
    pool.calls[5]!.answer();
    await flush();

    for (let seq = 1; seq <= 200; seq++) expect(ahead.verify(...checkOf(entries[seq]!, pub)), `entry ${seq}`).toBe(true);
    expect(ahead.counts).toEqual({ inline: 32, pool: 168 });
    expect(fallback).toHaveBeenCalledTimes(ahead.counts.inline);
  });

  it('uses a verdict only for the very check: another key, a refused or a forged signature is checked again', async () => {
    const { entries, pub } = signedPage(40);
    const other = generateKeyPair().publicKey;
    // This pool refuses entry 3 although it is valid, and confirms everything else.
    const pool = heldPool((check) => check.msg !== eventSigningBytes(entries[3]!.event));
    const fallback = vi.fn(nodeVerify);
    const ahead = new SignaturesAhead(pool.verifyBatch, fallback);
    ahead.queuePage(entries);
    for (const call of pool.calls) call.answer();
    await flush();
    fallback.mockClear();

    expect(ahead.verify(...checkOf(entries[3]!, pub))).toBe(true);
    expect(fallback).toHaveBeenCalledTimes(1);
    const [sig, msg] = checkOf(entries[4]!, pub);
    expect(ahead.verify(sig, msg, other)).toBe(false);
    const forged = Uint8Array.from(sig);
    forged[0]! ^= 1;
    expect(ahead.verify(forged, msg, pub)).toBe(false);
    expect(fallback).toHaveBeenCalledTimes(3);
  });

  it('passes on a failure of the pool to the replay', async () => {
    const { entries } = signedPage(10);
    const pool = heldPool();
    const ahead = new SignaturesAhead(pool.verifyBatch, nodeVerify);
    ahead.queuePage(entries);
    pool.calls[0]!.fail(new Error('the verify pool is closed'));
    await flush();
    expect(() => ahead.pending(entries[1]!)).toThrow('the verify pool is closed');
  });
});
