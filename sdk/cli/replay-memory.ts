import { getHeapStatistics } from 'node:v8';

/**
 * Heap `tally replay` holds per entry of the log: the custody state the rules read (participants,
 * batches, counters), not the query indexes (sdk/replay.ts `indexes: false`). Measured at a
 * million entries of the national-scale bench's generated log (bench/replay-heap.ts): 267 MB of
 * heap still live after the replay and a full GC, with 380,265 state keys; 616 MB in use right
 * after it. Keeping the indexes took 2,625 MB live (fsck keeps them too, in a scratch store on disk).
 */
export const REPLAY_HEAP_BYTES_PER_ENTRY = 300;

const GB = 2 ** 30;

/**
 * A warning for `tally replay` when the log's state will not fit this process's heap limit
 * (three quarters of the memory when bin/tally.js started it, see whole-log-flags.ts; node's own
 * default is about 4 GB on these machines), which would end the replay after many
 * minutes with V8's fatal out-of-memory error rather than a verdict; undefined when it fits.
 * The advice gives half as much again as the estimate, rounded up to a whole GB.
 * @example replayMemoryWarning(30_000_000, 4 * 2 ** 30) // 'warning: ... --max-old-space-size=13312 ...'
 */
export function replayMemoryWarning(entries: number, heapLimitBytes: number = getHeapStatistics().heap_size_limit): string | undefined {
  const needed = entries * REPLAY_HEAP_BYTES_PER_ENTRY;
  if (needed <= heapLimitBytes * 0.8) return undefined;
  const adviseMb = Math.ceil((needed * 1.5) / GB) * 1024;
  return (
    `warning: replaying ${entries.toLocaleString('en-GB')} entries holds about ${(needed / GB).toFixed(1)} GB of custody state in memory, ` +
    `and this process may use ${(heapLimitBytes / GB).toFixed(1)} GB; it would stop with an out-of-memory error. ` +
    `Run it with NODE_OPTIONS=--max-old-space-size=${adviseMb} (MB) on a machine with that much memory.`
  );
}
