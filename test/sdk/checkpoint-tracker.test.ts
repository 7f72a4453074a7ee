import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { signCheckpoint } from '../../ledger/log/checkpoint.js';
import { CheckpointTracker, MemoryCheckpointStore, type FetchConsistencyProof } from '../../sdk/verify/index.js';
import { FileCheckpointStore } from '../../sdk/checkpoint-store-file.js';
import { ScenarioLedger, scenarioSettings, type ScenarioSettings } from './scenario.js';
import { refusal } from './support.js';

const dirs: string[] = [];
const ledgers: ScenarioLedger[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) await ledger.ledger.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A ledger with `n` participants registered after genesis, named with `prefix`. */
async function ledgerWith(settings: ScenarioSettings, prefix: string, n: number): Promise<ScenarioLedger> {
  const s = await ScenarioLedger.open(settings);
  ledgers.push(s);
  for (let i = 0; i < n; i++) await s.participant(`${prefix}${i}`, ['recycler'], [['yard', 'GB']]);
  return s;
}

async function grow(s: ScenarioLedger, prefix: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await s.participant(`${prefix}${i}`, ['trader'], [['dock', 'GB']]);
}

const proofsOf = (s: ScenarioLedger): FetchConsistencyProof => (from, to) => s.ledger.consistencyProof(from, to);
const never: FetchConsistencyProof = () => Promise.reject(new Error('no proof should be needed'));

describe('CheckpointTracker', () => {
  it('accepts a growing log, each step proven consistent, and keeps the latest', async () => {
    const s = await ledgerWith(scenarioSettings(), 'a', 2);
    const tracker = new CheckpointTracker({ logKey: s.logKey });
    const first = await tracker.accept(s.ledger.checkpoint, never);
    expect(first).toMatchObject({ advanced: true, previous: undefined, current: { size: 3, rootHash: s.ledger.rootHash } });
    await grow(s, 'b', 3);
    const asked: Array<[number, number]> = [];
    const second = await tracker.accept(s.ledger.checkpoint, (from, to) => {
      asked.push([from, to]);
      return s.ledger.consistencyProof(from, to);
    });
    expect(asked).toEqual([[3, 6]]);
    expect(second).toMatchObject({ advanced: true, previous: { size: 3 }, current: { size: 6, checkpoint: s.ledger.checkpoint } });
    expect(await tracker.accept(s.ledger.checkpoint, never)).toMatchObject({ advanced: false, current: { size: 6 } });
  });

  it('fork: two checkpoints of one size with different roots', async () => {
    const settings = scenarioSettings();
    const honest = await ledgerWith(settings, 'a', 2);
    const forked = await ledgerWith(settings, 'z', 2);
    expect(forked.ledger.size).toBe(honest.ledger.size);
    // Same genesis, then different histories under the same log key.
    expect(await forked.ledger.entry(0)).toEqual(await honest.ledger.entry(0));
    const tracker = new CheckpointTracker({ logKey: honest.logKey });
    await tracker.accept(honest.ledger.checkpoint, never);
    const err = await refusal('fork_detected', tracker.accept(forked.ledger.checkpoint, never));
    expect(err.message).toContain(honest.ledger.rootHash);
    expect(err.message).toContain(forked.ledger.rootHash);
    expect((await tracker.latest())!.rootHash).toBe(honest.ledger.rootHash);
  });

  it('fork: a later checkpoint that does not extend the one seen, whatever proof the forked log offers', async () => {
    const settings = scenarioSettings();
    const honest = await ledgerWith(settings, 'a', 2);
    const forked = await ledgerWith(settings, 'z', 2);
    await grow(forked, 'b', 3);
    const tracker = new CheckpointTracker({ logKey: honest.logKey });
    await tracker.accept(honest.ledger.checkpoint, never);
    // The forked log proves consistency with its own tree of size 3, not with the one we saw.
    await refusal('fork_detected', tracker.accept(forked.ledger.checkpoint, proofsOf(forked)));
    // Nor may a proof for other sizes stand in.
    await refusal('fork_detected', tracker.accept(forked.ledger.checkpoint, () => forked.ledger.consistencyProof(2, 6)));
    await refusal('fork_detected', tracker.accept(forked.ledger.checkpoint, async () => ({ from: 3, to: 6, proof: ['zz'] })));
    expect((await tracker.latest())!.size).toBe(3);
  });

  it('rollback: a smaller checkpoint than one already verified', async () => {
    const s = await ledgerWith(scenarioSettings(), 'a', 2);
    const old = s.ledger.checkpoint;
    await grow(s, 'b', 2);
    const tracker = new CheckpointTracker({ logKey: s.logKey });
    await tracker.accept(s.ledger.checkpoint, never);
    await refusal('rollback_detected', tracker.accept(old, never));
    expect((await tracker.latest())!.size).toBe(5);
  });

  it('refuses a checkpoint not signed by the pinned key, and passes network errors through unchanged', async () => {
    const s = await ledgerWith(scenarioSettings(), 'a', 1);
    const tracker = new CheckpointTracker({ logKey: s.logKey });
    const impostor = generateKeyPair();
    const forged = signCheckpoint({ origin: s.ledger.info.origin, size: 9, rootHash: s.ledger.rootHash }, impostor.secretKey, impostor.publicKey);
    await refusal('invalid_checkpoint', tracker.accept(forged, never));
    await tracker.accept(s.ledger.checkpoint, never);
    await grow(s, 'b', 1);
    await expect(tracker.accept(s.ledger.checkpoint, () => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow('ECONNRESET');
    expect((await tracker.latest())!.size).toBe(2);
  });

  it('serialises concurrent accepts', async () => {
    const s = await ledgerWith(scenarioSettings(), 'a', 1);
    const first = s.ledger.checkpoint;
    await grow(s, 'b', 2);
    const tracker = new CheckpointTracker({ logKey: s.logKey, store: new MemoryCheckpointStore() });
    const outcomes = await Promise.allSettled([tracker.accept(first, never), tracker.accept(s.ledger.checkpoint, proofsOf(s))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await tracker.latest())!.size).toBe(4);
  });

  it('remembers across restarts in a file, and refuses an edited file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-tracker-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'checkpoint.json');
    const settings = scenarioSettings();
    const honest = await ledgerWith(settings, 'a', 2);
    const forked = await ledgerWith(settings, 'z', 2);
    await new CheckpointTracker({ logKey: honest.logKey, store: new FileCheckpointStore(path) }).accept(honest.ledger.checkpoint, never);

    const restarted = new CheckpointTracker({ logKey: honest.logKey, store: new FileCheckpointStore(path) });
    expect(await restarted.latest()).toEqual({ size: 3, rootHash: honest.ledger.rootHash, checkpoint: honest.ledger.checkpoint });
    await refusal('fork_detected', restarted.accept(forked.ledger.checkpoint, never));

    const record = JSON.parse(readFileSync(path, 'utf8')) as { rootHash: string };
    writeFileSync(path, JSON.stringify({ ...record, rootHash: forked.ledger.rootHash }));
    await refusal('invalid_checkpoint', new CheckpointTracker({ logKey: honest.logKey, store: new FileCheckpointStore(path) }).latest());
  });
});
