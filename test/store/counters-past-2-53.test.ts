import { expect, it } from 'vitest';
import { generateKeyPair, keyIdOf } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { eventSigningBytes } from '../../ledger/log/event-signing.js';
import { retentionReport } from '../../ledger/custody/queries/index.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { nodeSigner } from '../../ledger/store/node-signer.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/**
 * Issue 9, item 4 (SPEC 1): one participant registering the most one event may carry (10^12 g),
 * again and again, drives the shared counters past 2^53; they stay exact (unbounded integers) and
 * never refuse anyone's event. Run on the store, where 9,100 appends take seconds; the same
 * attack's refusals over HTTP are in test/api/shared-counters-abuse.test.ts.
 */
it('counts exactly past 2^53 g and still accepts everyone', { timeout: 60_000 }, async () => {
  const settings = testLedgerSettings({ verify: nodeVerify });
  const ledger = await Ledger.open(new MemoryBackend(), settings);
  const greedy = generateKeyPair();
  const honest = generateKeyPair();
  await ledger.submit(registerParticipant(settings, 'greedy', greedy.publicKey));
  await ledger.submit(registerParticipant(settings, 'honest', honest.publicKey));

  const register = (actor: string, key: { secretKey: Uint8Array; publicKey: Uint8Array }, sign: (m: Uint8Array) => Uint8Array, id: string, massG: number) => {
    const event = {
      v: 1, ledger: settings.origin, id, type: 'batch.register', actor, at: new Date().toISOString(),
      batch: { id, material: 'copper', form: 'scrap', massG, site: 'yard' },
      origin: { kind: 'post-consumer', country: 'GB' },
    };
    return ledger.submit({ event, keyId: keyIdOf(key.publicKey), sig: toBase64Url(sign(eventSigningBytes(event as never))) });
  };
  const signGreedy = nodeSigner(greedy.secretKey);
  const count = 9_100; // 9.1 x 10^15 g > 2^53 (about 9.007 x 10^15)
  for (let from = 0; from < count; from += 500) {
    await Promise.all(Array.from({ length: Math.min(500, count - from) }, (_, i) => register('greedy', greedy, signGreedy, `flood-${from + i}`, 1_000_000_000_000)));
  }
  await register('honest', honest, nodeSigner(honest.secretKey), 'honest-1', 2_000_000);

  const expected = BigInt(count) * 10n ** 12n + 2_000_000n;
  expect(expected > 2n ** 53n).toBe(true);
  expect((await retentionReport(ledger.state, { material: 'copper' })).registeredG).toBe(expected.toString());
  expect((await retentionReport(ledger.state, {})).registeredG).toBe(expected.toString());
  expect(ledger.size).toBe(3 + count + 1);
  await ledger.close();
});
