import { describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { CommitLinger } from '../../ledger/store/commit-linger.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { batchBy, registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/**
 * The commit linger (ledger/store/commit-linger.ts): a group commit may wait briefly for the
 * clients the one before it answered, never for a lone client, and backs off when they do not
 * come back. Counted, not timed: the assertions say whether it waited, not how long anything took.
 */

describe('CommitLinger', () => {
  it('never waits after a commit of one submission (a lone client would wait for itself)', () => {
    const linger = new CommitLinger(1000, 100);
    linger.committed(1, 0);
    expect(linger.targetFor(1)).toBe(0);
  });

  it('waits for the clients answered plus those already queued, at most a batch, once per commit', () => {
    const linger = new CommitLinger(1000, 5);
    linger.committed(4, 2);
    expect(linger.targetFor(2)).toBe(5);
    expect(linger.targetFor(2), 'the same commit is not waited for twice').toBe(0);
    linger.committed(3, 0);
    expect(linger.targetFor(3), 'already as many as it would wait for').toBe(0);
  });

  it('does not wait while commits hold more than eight submissions on average (many clients batch well without it)', () => {
    const linger = new CommitLinger(1000, 100);
    for (let i = 0; i < 8; i++) linger.committed(20, 0);
    expect(linger.engaged, 'the pipeline then prepares on top as without a linger').toBe(false);
    expect(linger.targetFor(1)).toBe(0);
    for (let i = 0; i < 16; i++) linger.committed(4, 0);
    expect(linger.engaged).toBe(true);
    expect(linger.targetFor(1)).toBe(4);
  });

  it('does not wait when the first submission after a commit comes later than the deadline', () => {
    let now = 0;
    const linger = new CommitLinger(1, 100, () => now);
    linger.committed(4, 0);
    now = 1.5;
    expect(linger.targetFor(1)).toBe(0);
    linger.committed(4, 0);
    now = 2.4;
    expect(linger.targetFor(1)).toBe(4);
  });

  it('is off with a zero delay', () => {
    const linger = new CommitLinger(0, 100);
    linger.committed(8, 0);
    expect(linger.targetFor(1)).toBe(0);
  });

  it('ends its wait as soon as the target is queued', async () => {
    const linger = new CommitLinger(60_000, 100);
    linger.committed(3, 0);
    const waiting = linger.wait(linger.targetFor(1));
    linger.arrived(2);
    linger.arrived(3);
    await expect(waiting).resolves.toBe(true);
    expect(linger.counts).toEqual({ waits: 1, filled: 1, timedOut: 0 });
  });

  it('after a wait times out, skips the next 1, then 2, 4 … chances; a wait that fills resets that', async () => {
    const linger = new CommitLinger(5, 100);
    const chance = () => {
      linger.committed(2, 0);
      return linger.targetFor(1);
    };
    await expect(linger.wait(chance())).resolves.toBe(false);
    expect(chance(), 'one chance skipped').toBe(0);
    await expect(linger.wait(chance())).resolves.toBe(false);
    expect([chance(), chance()], 'two skipped').toEqual([0, 0]);
    const filling = linger.wait(chance());
    linger.arrived(2);
    await expect(filling).resolves.toBe(true);
    await expect(linger.wait(chance()), 'no skip after a fill').resolves.toBe(false);
    expect(chance(), 'back to one skipped').toBe(0);
    expect(linger.counts).toEqual({ waits: 4, filled: 1, timedOut: 3 });
  });
});


async function ledgerWithRecycler(commitLingerMs: number) {
  const settings = testLedgerSettings({ commitLingerMs });
  const ledger = await Ledger.open(new MemoryBackend(), settings);
  const key = generateKeyPair();
  await ledger.submit(registerParticipant(settings, 'r', key.publicKey));
  let commits = 0;
  ledger.onCheckpoint(() => commits++);
  return { ledger, commits: () => commits, next: (n: string) => batchBy(settings.origin, 'r', key, `scrap-${n}`) };
}

describe('the append pipeline with a commit linger', () => {
  it('lets four clients that send again as soon as they are answered share each commit', async () => {
    // A long deadline, so that a slow machine still sees the clients return within it.
    const { ledger, commits, next } = await ledgerWithRecycler(2_000);
    const perClient = 25;
    await Promise.all(
      Array.from({ length: 4 }, async (_, client) => {
        for (let i = 0; i < perClient; i++) await ledger.submit(next(`${client}-${i}`));
      }),
    );
    expect(ledger.size).toBe(2 + 4 * perClient);
    // Without the linger these clients split into pairs that take turns (two entries a commit).
    expect(4 * perClient / commits(), 'entries per commit').toBeGreaterThan(3.5);
    expect(ledger.commitLingerCounts().timedOut).toBe(0);
    await ledger.close();
  });

  it('never holds a lone client back', async () => {
    const { ledger, next } = await ledgerWithRecycler(60_000);
    for (let i = 0; i < 20; i++) await ledger.submit(next(`lone-${i}`));
    expect(ledger.commitLingerCounts().waits).toBe(0);
    await ledger.close();
  });

  it('backs off when the clients it answered do not come back', async () => {
    const { ledger, next } = await ledgerWithRecycler(20);
    // The first submission of a turn starts a batch of its own; the two sent with it queue behind
    // its write and share the next commit. A fourth arrives once they are answered, and nobody
    // else follows: its batch waits for the two, who never return, and times out.
    await Promise.all([ledger.submit(next('a')), ledger.submit(next('b')), ledger.submit(next('c'))]);
    await ledger.submit(next('d'));
    expect(ledger.commitLingerCounts()).toEqual({ waits: 1, filled: 0, timedOut: 1 });
    // The same again: this time the chance is skipped.
    await Promise.all([ledger.submit(next('e')), ledger.submit(next('f')), ledger.submit(next('g'))]);
    await ledger.submit(next('h'));
    expect(ledger.commitLingerCounts().waits).toBe(1);
    expect(ledger.size).toBe(2 + 8);
    await ledger.close();
  });
});

it('reads TALLY_COMMIT_LINGER_US: 1000 µs unless set, 0 to never wait, whole microseconds up to 100,000', () => {
  expect(readConfig({}).commitLingerMs).toBe(1);
  expect(readConfig({ TALLY_COMMIT_LINGER_US: '0' }).commitLingerMs).toBe(0);
  expect(readConfig({ TALLY_COMMIT_LINGER_US: '250' }).commitLingerMs).toBe(0.25);
  for (const bad of ['-1', '1.5', '100001', 'soon']) expect(() => readConfig({ TALLY_COMMIT_LINGER_US: bad })).toThrow(/TALLY_COMMIT_LINGER_US/);
});
