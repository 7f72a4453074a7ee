import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The largest nice value: the lowest priority Linux gives a normal thread. */
const MAX_NICE = 19;

/**
 * Lowers the scheduling priority of every thread of this process but the main one (the libuv
 * pool checking signatures and writing LevelDB, LevelDB's compaction thread, V8's helpers) by
 * `by` nice levels, and returns how many it lowered: 0 where there is no /proc (not Linux).
 *
 * Why: the request thread is the one every submission passes through, once, in order. On two
 * cores it shares the CPU with four pool threads that are always busy under load, and the
 * scheduler shares the cores fairly among the five, so the request thread waited its turn and the
 * pipeline ran at its wall time, not at its CPU time (handing a signature to the pool cost it 72
 * to 128 µs of wall time per call under load, 15 to 22 µs with the helpers lowered). With the helpers
 * ten levels down it runs whenever it has work and the helpers take the rest: 1.11 times the rate
 * at 64 connections, ahead in all five rounds (bench/ingest-wrk.ts against the commit before).
 * Nothing waits on the helpers at a lower priority for long: they get every cycle the request
 * thread leaves, and it leaves them whenever it waits for them.
 *
 * Only lowers (a thread already lower stays as it is), so it needs no privilege. Threads started
 * later (a worker, say) keep their priority: call it once the store is open and the pool started.
 */
export function lowerHelperThreads(by: number): number {
  if (by <= 0) return 0;
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  const target = Math.min(MAX_NICE, getPriority(process.pid) + by);
  let lowered = 0;
  for (const name of threads) {
    const tid = Number(name);
    if (tid === process.pid) continue;
    try {
      if (getPriority(tid) < target) {
        setPriority(tid, target);
        lowered++;
      }
    } catch {
      // The thread ended between the listing and now.
    }
  }
  return lowered;
}
