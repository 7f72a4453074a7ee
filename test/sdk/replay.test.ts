import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { fromBase64Url, toBase64Url } from '../../ledger/encoding/bytes.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import { LOG_KEYS } from '../../ledger/store/log-layout.js';
import { prefixRange } from '../../ledger/store/backend.js';
import { replayLog, type ReplayProgress } from '../../sdk/replay.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { nodeHashes } from '../../sdk/node-hashes.js';
import { VerifyPool } from '../../sdk/node/verify-pool.js';
import type { SignatureCheck } from '../../sdk/signatures-ahead.js';
import { copperChain, copperChainWithEntries, kg, type ScenarioLedger } from './scenario.js';
import { refusal } from './support.js';

let s: ScenarioLedger;
let entries: Entry[];
beforeAll(async () => ({ s, entries } = await copperChainWithEntries()));
afterAll(() => s.ledger.close());

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An entry source over a list, as `GET /v1/entries` pages it. */
const pager = (list: readonly Entry[]) => async (from: number, limit: number) => structuredClone(list.slice(from, from + limit));

describe('replayLog', () => {
  it('replays a clean log with @noble, page by page, to the same state and the checkpoint root', async () => {
    const progress: ReplayProgress[] = [];
    const result = await replayLog({ fetchEntries: (from, limit) => s.ledger.entries(from, limit), logKey: s.logKey, checkpoint: s.ledger.checkpoint, pageSize: 10, onProgress: (p) => progress.push(p) });
    if (!result.ok) throw new Error(result.failure.message);
    expect(result.summary).toMatchObject({ size: s.ledger.size, rootHash: s.ledger.rootHash, participants: 6, batches: 9 });
    // Registered 120 + 30 + 70 + 50 + 5 kg; 1 kg lost in transit; 39 + 5 kg lost melting; 90 kg of ROD exported; 0.5 kg corrected.
    // Counters are unbounded integers as strings (SPEC 1).
    expect(result.summary.materials.copper).toEqual({ registeredG: '275000', createdG: '0', exportedG: '90000', retiredG: '0', transitLossG: '1000', processLossG: '44000', adjustedG: '500' });
    expect(progress.map((p) => p.done)).toEqual([10, 20, s.ledger.size]);
    expect(progress.every((p) => p.total === s.ledger.size)).toBe(true);
    // Every state value the replay rebuilt is the one the server holds.
    for (const [key, value] of result.state) expect(await s.ledger.state.get(key), key).toEqual(value);
  });

  it('gives the same verdict with node:crypto, signatures and hashes, and the same state', async () => {
    const noble = await replayLog({ fetchEntries: pager(entries), logKey: s.logKey, checkpoint: s.ledger.checkpoint });
    const node = await replayLog({ fetchEntries: pager(entries), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify, hashes: nodeHashes });
    if (!noble.ok || !node.ok) throw new Error('replay failed');
    expect(node.summary.rootHash).toBe(s.ledger.rootHash);
    expect(new Map(node.state)).toEqual(new Map(noble.state));
    // An altered entry is found at the same place whichever hashes compute the tree.
    const list = structuredClone(entries);
    list[entries.length - 1]!.recordedAt = '2026-03-03T00:00:00Z';
    const altered = await replayLog({ fetchEntries: pager(list), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify, hashes: nodeHashes });
    expect(altered.ok ? undefined : altered.failure).toMatchObject({ seq: entries.length - 1, code: 'replay_root_mismatch' });
  });

  it('names the entry whose seq, prev, event or signature is wrong', async () => {
    const seq = s.seq['receive S1a']!;
    const run = async (edit: (list: Entry[]) => void) => {
      const list = structuredClone(entries);
      edit(list);
      const result = await replayLog({ fetchEntries: pager(list), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify });
      if (result.ok) throw new Error('replay passed');
      return result.failure;
    };
    expect(await run((l) => void ((l[seq]!.event as Record<string, unknown>).massG = kg(98)))).toMatchObject({ seq, code: 'replay_invalid_entry', cause: 'bad_signature' });
    expect(await run((l) => void (l[seq]!.seq = seq + 1))).toMatchObject({ seq, code: 'replay_entry_out_of_order' });
    expect(await run((l) => void l.splice(seq, 1))).toMatchObject({ seq, code: 'replay_entry_out_of_order' });
    const prev = await run((l) => void (l[seq]!.recordedAt = '2026-03-03T00:00:00Z'));
    expect(prev).toMatchObject({ seq: seq + 1, code: 'replay_prev_mismatch' });
    expect(prev.message).toContain(`entry ${seq} was altered`);
    const last = entries.length - 1;
    expect(await run((l) => void (l[last]!.recordedAt = '2026-03-03T00:00:00Z'))).toMatchObject({ seq: last, code: 'replay_root_mismatch' });
    expect(await run((l) => void l.splice(last, 1))).toMatchObject({ seq: last, code: 'replay_truncated' });
  });

  it('gives the same verdicts with signatures checked ahead, by worker threads or by a pool that lags', async () => {
    const plain = await replayLog({ fetchEntries: pager(entries), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify });
    if (!plain.ok) throw new Error(plain.failure.message);
    // A pool slower than the rules: the applying thread checks what the pool has not taken.
    let pooled = 0;
    const lagging = (checks: readonly SignatureCheck[]) =>
      new Promise<boolean[]>((resolve) => setTimeout(() => resolve(checks.map((c) => (pooled++, nodeVerify(c.sig, c.msg, c.pub)))), 20));
    const workers = new VerifyPool(1);
    try {
      for (const verifyAhead of [workers.verifyBatch, lagging]) {
        const result = await replayLog({ fetchEntries: pager(entries), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify, verifyAhead, pageSize: 8 });
        if (!result.ok) throw new Error(result.failure.message);
        expect(new Map(result.state)).toEqual(new Map(plain.state));
        // A forged signature is refused wherever it was checked: early (here) or late (by the pool).
        for (const seq of [1, entries.length - 2]) {
          const list = structuredClone(entries);
          const sig = fromBase64Url(list[seq]!.sig);
          sig[10]! ^= 1;
          list[seq]!.sig = toBase64Url(sig);
          const forged = await replayLog({ fetchEntries: pager(list), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify, verifyAhead, pageSize: 8 });
          expect(forged.ok ? undefined : forged.failure, `entry ${seq}`).toMatchObject({ seq, code: 'replay_invalid_entry', cause: 'bad_signature' });
        }
      }
    } finally {
      await workers.close();
    }
    expect(pooled).toBeGreaterThan(0);
  });

  it('refuses to start from a checkpoint the log key did not sign', async () => {
    await refusal('invalid_checkpoint', replayLog({ fetchEntries: pager(entries), logKey: s.logKey, checkpoint: s.ledger.checkpoint.replace('\n\n', '\n\n\n') }));
  });

  it('finds the entry edited on disk in a LevelDB store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-replay-'));
    dirs.push(dir);
    const chain = await copperChain(undefined, await LevelBackend.open(dir));
    const seq = chain.seq['melt ROD']!;
    const logKey = chain.logKey;
    await chain.ledger.close();

    const kv = await LevelBackend.open(dir);
    const text = (await kv.get(LOG_KEYS.entry(seq)))!;
    const at = text.indexOf('"massG":150000');
    expect(at).toBeGreaterThan(0);
    // One byte: 150000 g of rod becomes 159000 g.
    await kv.write([[LOG_KEYS.entry(seq), `${text.slice(0, at + 9)}9${text.slice(at + 10)}`]]);
    const stored: Entry[] = [];
    for await (const [, value] of kv.scan(prefixRange(LOG_KEYS.entryPrefix))) stored.push(JSON.parse(value) as Entry);
    const checkpoint = (await kv.get(LOG_KEYS.checkpoint))!;
    await kv.close();

    const result = await replayLog({ fetchEntries: pager(stored), logKey, checkpoint, verify: nodeVerify });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure).toMatchObject({ seq, code: 'replay_invalid_entry', cause: 'bad_signature' });
      expect(result.failure.message).toMatch(new RegExp(`^entry ${seq} \\(batch.transform\\)`));
      expect(result.replayed).toBe(seq);
    }
  });
});
