/**
 * One auditor replay of a national-scale store, as `tally replay` runs it (sdk/replay.ts with the
 * worker pool), in a process of its own so that its node flags are the ones measured. Prints one
 * line of JSON: rate, young- and old-generation pause time, and the heap still live afterwards.
 *
 *   node [flags] --expose-gc --import tsx bench/national/replay-child.ts <dir> <entries>
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { fillStore } from './fill.js';
import { replay } from './measure.js';
import { VerifyPool } from '../../sdk/node/verify-pool.js';

const [dir, entries] = [process.argv[2]!, Number(process.argv[3])];
// The national-scale bench's settings, so a store it filled (and kept) is reused, not refilled.
const { ledger } = await fillStore({ dir, entries, seed: 'national-scale', origin: 'localhost/tally', participants: 300, ancestorEntries: Math.min(10_000, Math.floor(entries / 5)), inFlight: 1024 });

const pauses = { youngMs: 0, oldMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const { kind, flags = 0 } = (entry as unknown as { detail?: { kind?: number; flags?: number } }).detail ?? {};
    // The collection replay() forces to weigh the live heap is not the replay's.
    if (flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) pauses.youngMs += entry.duration;
    else pauses.oldMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

const pool = new VerifyPool();
try {
  const figures = await replay(ledger, pool);
  console.log(JSON.stringify({ ...figures, youngPauseS: pauses.youngMs / 1000, oldPauseS: pauses.oldMs / 1000 }));
} finally {
  await pool.close();
  await ledger.close();
}
