/**
 * One auditor replay of a national-scale store, as `tally replay` runs it (sdk/replay.ts with the
 * worker pool), in a process of its own so that its node flags are the ones measured. Prints one
 * line of JSON: rate, young- and old-generation pause time, and the heap still live afterwards.
 *
 *   node [flags] --expose-gc --import tsx bench/national/replay-child.ts <dir> <entries>
 */
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import { fillStore } from './fill.js';
import { replayLog } from '../../sdk/replay.js';
import { VerifyPool } from '../../sdk/node/verify-pool.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { nodeHashes } from '../../sdk/node-hashes.js';

const [dir, entries] = [process.argv[2]!, Number(process.argv[3])];
// The national-scale bench's settings, so a store it filled (and kept) is reused, not refilled.
const { ledger } = await fillStore({ dir, entries, seed: 'national-scale', origin: 'localhost/tally', participants: 300, ancestorEntries: Math.min(10_000, Math.floor(entries / 5)), inFlight: 1024 });

const pauses = { youngMs: 0, oldMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) pauses.youngMs += entry.duration;
    else pauses.oldMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const pool = new VerifyPool();
const started = performance.now();
const result = await replayLog({
  fetchEntries: (from, limit) => ledger.entries(from, limit),
  logKey: ledger.info.logKey,
  checkpoint: ledger.checkpoint,
  verify: nodeVerify,
  hashes: nodeHashes,
  verifyAhead: pool.verifyBatch,
});
const seconds = (performance.now() - started) / 1000;
await pool.close();
if (!result.ok) throw new Error(`replay failed: ${JSON.stringify(result.failure)}`);
(globalThis as { gc?: () => void }).gc?.();
const liveHeapBytes = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ entries: result.summary.size, seconds, perSecond: result.summary.size / seconds, youngPauseS: pauses.youngMs / 1000, oldPauseS: pauses.oldMs / 1000, liveHeapBytes, stateKeys: result.state.size }));
await ledger.close();
