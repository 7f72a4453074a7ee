import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { entryHash } from '../../ledger/log/entry.js';
import type { KeyRange, KvBackend } from '../../ledger/store/backend.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { LOG_KEYS } from '../../ledger/store/log-layout.js';
import { batchBy, registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';
import { until } from '../support/until.js';

/**
 * The append pipeline prepares the next group commit while the previous one is being written
 * (append-pipeline.ts). These tests hold each write until the test lets it go, so they can look
 * at the moment in between: the batch on top must see the state of the one under it, must not be
 * written or answered before it is durable, and must be refused with it if its write fails. It
 * does so only once enough submissions wait (`prepareAheadAt`); fewer join the batch after it.
 */

/** A memory store whose writes each wait until the test releases (or fails) them, in order. */
class GatedBackend implements KvBackend {
  held = false;
  /** Reads made while a write was waiting: the next batch being prepared meanwhile. */
  readsDuringWrite = 0;
  /** While set, reads of many keys wait for it: a batch being prepared that the test holds. */
  readGate: Promise<void> | undefined;
  private readonly waiting: Array<{ go: () => void; fail: (err: Error) => void }> = [];
  constructor(readonly inner: MemoryBackend) {}
  get(key: string) {
    return this.inner.get(key);
  }
  async getMany(keys: readonly string[]) {
    if (this.waiting.length > 0) this.readsDuringWrite++;
    if (this.readGate !== undefined) await this.readGate;
    return this.inner.getMany(keys);
  }
  scan(range: KeyRange) {
    return this.inner.scan(range);
  }
  async write(puts: ReadonlyArray<readonly [string, string]>) {
    if (this.held) await new Promise<void>((go, fail) => this.waiting.push({ go, fail }));
    return this.inner.write(puts);
  }
  async close() {}
  /** Writes started and not yet let go. */
  get pending(): number {
    return this.waiting.length;
  }
  release(): void {
    this.waiting.shift()!.go();
  }
  failNext(): void {
    this.waiting.shift()!.fail(new Error('EIO: disk write failed'));
  }
}


/** A few turns of the event loop: long enough for a pipeline to do whatever it would do next. */
const settleALittle = () => new Promise((resolve) => setTimeout(resolve, 30));


/** Tracks whether a submission has been answered, and how. */
function watch<T>(promise: Promise<T>) {
  const seen: { answered: boolean; value?: T; error?: { code?: string } } = { answered: false };
  promise.then(
    (value) => Object.assign(seen, { answered: true, value }),
    (error) => Object.assign(seen, { answered: true, error }),
  );
  return seen;
}

it('prepares the next batch on the state of the one being written, and answers it only once both are durable', async () => {
  const settings = testLedgerSettings();
  const backend = new GatedBackend(new MemoryBackend());
  // One waiting submission is enough to prepare a batch on top (the default waits for more).
  const ledger = await Ledger.open(backend, { ...settings, prepareAheadAt: 1 });
  const x = generateKeyPair();
  const registration = registerParticipant(settings, 'x', x.publicKey);

  backend.held = true;
  const first = watch(ledger.submit(registration));
  await until(() => backend.pending === 1);
  // While x's registration is being written: an event only x's registered key can sign, and the
  // registration itself again (an identical resubmission, to be answered with its seq).
  const dependent = watch(ledger.submit(batchBy(settings.origin, 'x', x, 'b-1')));
  const again = watch(ledger.submit(registration));
  await settleALittle();
  expect(backend.pending, 'the second batch waits for the first write to be durable').toBe(1);
  expect([first.answered, dependent.answered, again.answered]).toEqual([false, false, false]);
  expect(ledger.size, 'readers see only what is durable').toBe(1);
  expect(backend.readsDuringWrite, 'the second batch was prepared while the first was written').toBeGreaterThan(0);

  backend.release();
  await until(() => first.answered);
  expect(first.value).toMatchObject({ seq: 1, created: true });
  await until(() => backend.pending === 1);
  await settleALittle();
  expect(dependent.answered, 'not answered before its own write is durable').toBe(false);
  expect(again.answered, 'a duplicate in a batch on top waits with that batch').toBe(false);
  expect(ledger.size).toBe(2);

  backend.release();
  await until(() => dependent.answered && again.answered);
  expect(dependent.error).toBeUndefined();
  expect(dependent.value).toMatchObject({ seq: 2, created: true });
  expect(again.value).toMatchObject({ seq: 1, created: false });
  expect(ledger.size).toBe(3);
  const entries = await ledger.entries(0, 3);
  for (let i = 1; i < entries.length; i++) expect(entries[i]!.prev).toBe(entryHash(entries[i - 1]!));
  await ledger.close();
});

it('answers a batch as soon as it is durable, while the batch on top of it is still being prepared', async () => {
  const settings = testLedgerSettings();
  const backend = new GatedBackend(new MemoryBackend());
  const ledger = await Ledger.open(backend, { ...settings, prepareAheadAt: 1 });
  const key = generateKeyPair().publicKey;

  backend.held = true;
  const first = watch(ledger.submit(registerParticipant(settings, 'a', key)));
  await until(() => backend.pending === 1);
  // The next batch starts preparing on top and stops at its store read, which the test holds.
  let openReads = () => {};
  backend.readGate = new Promise<void>((go) => (openReads = go));
  const second = watch(ledger.submit(registerParticipant(settings, 'b', key)));
  await until(() => backend.readsDuringWrite > 0);

  backend.release();
  // Its clients hear at once: a commit's answer does not wait for the next batch's preparing.
  await until(() => first.answered);
  expect(first.value).toMatchObject({ seq: 1, created: true });
  expect(ledger.size).toBe(2);
  await settleALittle();
  expect(second.answered, 'the batch on top is still being prepared').toBe(false);

  backend.readGate = undefined;
  openReads();
  await until(() => backend.pending === 1);
  backend.release();
  await until(() => second.answered);
  expect(second.value).toMatchObject({ seq: 2, created: true });
  const entries = await ledger.entries(0, 3);
  for (let i = 1; i < entries.length; i++) expect(entries[i]!.prev).toBe(entryHash(entries[i - 1]!));
  await ledger.close();
});

it('refuses the batch prepared on top of a write that fails, and keeps nothing of either', async () => {
  const settings = testLedgerSettings();
  const data = new MemoryBackend();
  const backend = new GatedBackend(data);
  const ledger = await Ledger.open(backend, { ...settings, prepareAheadAt: 1, reopen: async () => new GatedBackend(data) });
  const x = generateKeyPair();
  const registration = registerParticipant(settings, 'x', x.publicKey);
  const dependentEvent = batchBy(settings.origin, 'x', x, 'b-1');

  backend.held = true;
  const first = watch(ledger.submit(registration));
  await until(() => backend.pending === 1);
  const dependent = watch(ledger.submit(dependentEvent));
  await settleALittle();
  backend.failNext();
  await until(() => first.answered && dependent.answered);
  expect(first.error?.code).toBe('store_write_failed');
  // Prepared as valid on top of the lost batch, it must not be written without it.
  expect(dependent.error?.code).toBe('unavailable');
  expect(backend.pending, 'nothing was written on top of the failed write').toBe(0);
  expect(ledger.size).toBe(1);

  await until(() => ledger.health().ready);
  // Nothing of either was kept: x is unknown again, so its batch is refused until x is registered.
  await expect(ledger.submit(dependentEvent)).rejects.toMatchObject({ code: 'unknown_actor' });
  expect(await ledger.submit(registration)).toMatchObject({ seq: 1, created: true });
  expect(await ledger.submit(dependentEvent)).toMatchObject({ seq: 2, created: true });
  await ledger.close();
});

it('with fewer submissions waiting than prepareAheadAt, waits for the write and takes them all in the next batch', async () => {
  const settings = testLedgerSettings();
  const backend = new GatedBackend(new MemoryBackend());
  const ledger = await Ledger.open(backend, { ...settings, prepareAheadAt: 3 });
  const participants = ['p', 'q', 'r'].map((name) => registerParticipant(settings, name, generateKeyPair().publicKey));
  const writes: number[] = [];
  const write = backend.write.bind(backend);
  backend.write = (puts) => {
    writes.push(puts.filter(([key]) => key === LOG_KEYS.head).length);
    return write(puts);
  };

  backend.held = true;
  const first = watch(ledger.submit(participants[0]));
  await until(() => backend.pending === 1);
  const second = watch(ledger.submit(participants[1]));
  await settleALittle();
  expect(backend.readsDuringWrite, 'one waiting submission is not prepared while the write is held').toBe(0);
  const third = watch(ledger.submit(participants[2]));
  await settleALittle();
  expect(backend.readsDuringWrite, 'two are not either').toBe(0);

  backend.release();
  await until(() => first.answered && backend.pending === 1);
  backend.release();
  await until(() => second.answered && third.answered);
  expect([second.value, third.value]).toMatchObject([{ seq: 2 }, { seq: 3 }]);
  expect(writes, 'two group commits: the first, then both waiting submissions together').toHaveLength(2);
  await ledger.close();
});

it('prepares on top of a write in flight as soon as prepareAheadAt submissions wait', async () => {
  const settings = testLedgerSettings();
  const backend = new GatedBackend(new MemoryBackend());
  const ledger = await Ledger.open(backend, { ...settings, prepareAheadAt: 2 });
  const participants = ['p', 'q', 'r'].map((name) => registerParticipant(settings, name, generateKeyPair().publicKey));

  backend.held = true;
  const first = watch(ledger.submit(participants[0]));
  await until(() => backend.pending === 1);
  const waiting = [watch(ledger.submit(participants[1])), watch(ledger.submit(participants[2]))];
  await until(() => backend.readsDuringWrite > 0);
  expect(first.answered).toBe(false);
  backend.release();
  await until(() => first.answered && backend.pending === 1);
  backend.release();
  await until(() => waiting.every((w) => w.answered));
  expect(waiting.map((w) => w.value)).toMatchObject([{ seq: 2 }, { seq: 3 }]);
  await ledger.close();
});
