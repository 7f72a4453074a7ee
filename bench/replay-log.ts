import { performance } from 'node:perf_hooks';
import type { Entry } from '../schemas/entry.js';
import { nodeVerify } from '../sdk/node-verify.js';
import { nodeHashes } from '../sdk/node-hashes.js';
import { nodeSubgroupCheck } from '../sdk/node-subgroup.js';
import type { VerifyPool } from '../sdk/node/verify-pool.js';
import { replayLog } from '../sdk/replay.js';
import { fillStore, type FilledStore } from './national/fill.js';

/** The replay bench's log, as an auditor receives it: each entry's leaf JSON, and what pins them. */
export interface ReplayBenchLog {
  texts: string[];
  checkpoint: string;
  logKey: string;
}

/**
 * The generated store the replay benches share (bench/replay.ts, bench/replay-served.ts,
 * bench/rules-instructions.ts), so their figures describe the same entries: filled into `dir`,
 * or opened again where a store of `entries` entries is kept there.
 */
export function replayBenchStore(dir: string, entries: number): Promise<FilledStore> {
  return fillStore({ dir, entries, seed: 'replay-bench', origin: 'localhost/tally', participants: 120, ancestorEntries: Math.min(2000, Math.floor(entries / 10)), inFlight: 1024 });
}

/** Every entry of `filled` as its leaf JSON, with the checkpoint and log key; closes its ledger. */
export async function readBenchLog({ ledger }: FilledStore): Promise<ReplayBenchLog> {
  const texts: string[] = [];
  for (let from = 0; from < ledger.size; from += 1000) texts.push(...(await ledger.entries(from, 1000)).map((e) => JSON.stringify(e)));
  const log = { texts, checkpoint: ledger.checkpoint, logKey: ledger.info.logKey };
  await ledger.close();
  return log;
}

/** The shared log (see replayBenchStore), read into memory. */
export async function replayBenchLog(dir: string, entries: number): Promise<ReplayBenchLog> {
  return readBenchLog(await replayBenchStore(dir, entries));
}

/**
 * The log replayed as `tally replay` replays it (sdk/cli/commands/replay.ts), in this process over
 * its leaf JSON already in memory (nothing fetched): every signature (checked ahead on `pool`),
 * hash link and rule. Returns entries per second, parsing included.
 * @param indexes keep the query indexes too (fsck's work), or not (`tally replay`'s)
 */
export async function replayInMemory({ texts, checkpoint, logKey }: ReplayBenchLog, pool: VerifyPool, indexes: boolean): Promise<number> {
  const started = performance.now();
  const entries = texts.map((text) => JSON.parse(text) as Entry);
  const result = await replayLog({
    fetchEntries: async (from, limit) => entries.slice(from, from + limit),
    logKey,
    checkpoint,
    verify: nodeVerify,
    hashes: nodeHashes,
    subgroupCheck: nodeSubgroupCheck,
    verifyAhead: pool.verifyBatch,
    indexes,
  });
  if (!result.ok) throw new Error(`replay failed: ${JSON.stringify(result.failure)}`);
  return entries.length / ((performance.now() - started) / 1000);
}
