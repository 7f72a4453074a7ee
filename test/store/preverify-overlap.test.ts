import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';
import { until } from '../support/until.js';

/**
 * A submission's signature, checked ahead on the thread pool (`preverify`), is queued with it
 * before the check ends: the batch reads its state meanwhile and awaits the verdict only to
 * apply the entry. These tests hold the verdict back to look at the moment in between.
 */

/** A memory store that counts its batched reads (a group commit's prefetch). */
class CountingBackend extends MemoryBackend {
  reads = 0;
  override getMany(keys: readonly string[]) {
    this.reads++;
    return super.getMany(keys);
  }
}

/** Verdicts the test hands out one at a time. */
function heldVerdicts() {
  const waiting: Array<{ give: (ok: boolean) => void; fail: (err: Error) => void }> = [];
  return {
    preverify: () => new Promise<boolean>((give, fail) => waiting.push({ give, fail })),
    get pending() {
      return waiting.length;
    },
    give: (ok: boolean) => waiting.shift()!.give(ok),
    fail: (err: Error) => waiting.shift()!.fail(err),
  };
}


it("reads the batch's state while the signature is being checked, and appends only once it is", async () => {
  const settings = testLedgerSettings();
  const backend = new CountingBackend();
  const verdicts = heldVerdicts();
  const ledger = await Ledger.open(backend, { ...settings, preverify: verdicts.preverify });
  const readsBefore = backend.reads;
  let answered = false;
  const submitted = ledger.submit(registerParticipant(settings, 'x', generateKeyPair().publicKey)).finally(() => (answered = true));
  await until(() => verdicts.pending === 1 && backend.reads > readsBefore);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(answered, 'nothing is appended before its signature is checked').toBe(false);
  expect(ledger.size).toBe(1);
  verdicts.give(true);
  expect(await submitted).toMatchObject({ seq: 1, created: true });
  expect(ledger.preverifiedPending).toBe(0);
  await ledger.close();
});

it('a check that fails refuses only its own submission; one that says no leaves the entry to the rules', async () => {
  const settings = testLedgerSettings();
  const verdicts = heldVerdicts();
  const ledger = await Ledger.open(new MemoryBackend(), { ...settings, preverify: verdicts.preverify });
  const [a, b] = ['a', 'b'].map((id) => registerParticipant(settings, id, generateKeyPair().publicKey));
  const first = ledger.submit(a!);
  const second = ledger.submit(b!);
  await until(() => verdicts.pending === 2);
  verdicts.fail(new Error('thread pool gone'));
  // "No" from the pool is not a refusal: the ledger's own check judges the entry at its position.
  verdicts.give(false);
  await expect(first).rejects.toThrow('thread pool gone');
  expect(await second).toMatchObject({ seq: 1, created: true });
  expect(ledger.size).toBe(2);
  expect(ledger.preverifiedPending).toBe(0);
  await ledger.close();
});

it('a resubmission answered from its record leaves no check unhandled, whatever the check does', async () => {
  const settings = testLedgerSettings();
  const verdicts = heldVerdicts();
  const ledger = await Ledger.open(new MemoryBackend(), { ...settings, preverify: verdicts.preverify });
  const registration = registerParticipant(settings, 'x', generateKeyPair().publicKey);
  const first = ledger.submit(registration);
  await until(() => verdicts.pending === 1);
  verdicts.give(true);
  expect(await first).toMatchObject({ seq: 1, created: true });

  const again = ledger.submit(registration);
  await until(() => verdicts.pending === 1);
  expect(await again, 'answered without waiting for the check').toMatchObject({ seq: 1, created: false });
  // Rejected after its submission was answered: vitest fails the run on an unhandled rejection.
  verdicts.fail(new Error('too late'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(ledger.preverifiedPending).toBe(0);
  await ledger.close();
});
