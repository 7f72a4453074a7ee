import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time a process has used, on its main thread (for a Node server, the request thread) and
 * in all its threads (the libuv pool, LevelDB's compaction thread, V8's helpers), from Linux's
 * /proc/<pid>/task/<tid>/stat. Undefined where there is no /proc.
 */
export interface ThreadCpu {
  mainMs: number;
  allMs: number;
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** utime + stime, in clock ticks, from a stat file (fields 14 and 15, counted after the name). */
function statTicks(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // The name (field 2) may hold spaces and parentheses; the fields after its last ')' are plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function threadCpu(pid: number): ThreadCpu | undefined {
  try {
    const msPerTick = 1000 / clockTicks();
    // The process's own stat counts threads that have already ended, which its task list has lost.
    return { mainMs: statTicks(`/proc/${pid}/task/${pid}/stat`) * msPerTick, allMs: statTicks(`/proc/${pid}/stat`) * msPerTick };
  } catch {
    return undefined;
  }
}

/** CPU µs per event between two readings, or undefined if either is missing. */
export function cpuPerEvent(before: ThreadCpu | undefined, after: ThreadCpu | undefined, events: number): { mainUs: number; allUs: number } | undefined {
  if (before === undefined || after === undefined || events <= 0) return undefined;
  return { mainUs: ((after.mainMs - before.mainMs) * 1000) / events, allUs: ((after.allMs - before.allMs) * 1000) / events };
}
