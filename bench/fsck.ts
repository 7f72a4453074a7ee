/**
 * `tally fsck` as an operator runs it: the CLI (bin/tally.js, a process of its own) on the replay
 * bench's store (bench/replay-log.ts), with its time, rate and peak memory. fsck replays every
 * entry through every signature and rule, keeping the query indexes, into a scratch store, then
 * compares every key of the store with it. The baseline, in the same rounds, is the part no check
 * of the state can skip: the same replay in this process, indexes kept, over the entries' leaf JSON
 * already in memory (replayLog, signatures checked ahead on a worker), with nothing read from a
 * store, written or compared. `--before <checkout>` adds another commit's `tally fsck` to the
 * rounds. Rounds rotate the order; figures are medians. Peak memory is the largest VmHWM read from
 * /proc every 100 ms over the command's processes (bin/tally.js may run fsck in a child node), so
 * it can miss a rise in the last 100 ms.
 * Prints a table and writes bench/results/fsck.json.
 *
 *   npx tsx bench/fsck.ts [--entries 20000] [--rounds 3] [--dir <kept store>] [--before <checkout>]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { VerifyPool } from '../sdk/node/verify-pool.js';
import { readBenchLog, replayBenchStore, replayInMemory } from './replay-log.js';
import { median, writeResult, commandLine } from './report.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' }, dir: { type: 'string' }, before: { type: 'string' } } });
const ENTRIES = Number(values.entries);
const ROUNDS = Number(values.rounds);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'tally-fsck-bench-'));
const scratchParent = mkdtempSync(join(tmpdir(), 'tally-fsck-bench-scratch-'));

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** The pids of `pid` and every process below it, from /proc's children lists. */
function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${found[i]}/task`)) {
        const children = readFileSync(`/proc/${found[i]}/task/${task}/children`, 'utf8').trim();
        if (children) found.push(...children.split(/\s+/).map(Number));
      }
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Peak resident memory of a process, in bytes (VmHWM), or 0 once it has exited. */
function peakRss(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line === undefined ? 0 : Number(line.split(/\s+/)[1]) * 1024;
  } catch {
    return 0;
  }
}

interface FsckRun {
  perSecond: number;
  wallS: number;
  peakRssMb: number;
  keysCompared: number;
}

/** `tally fsck --json` of `checkout` on the store: its rate (entries over its own seconds), wall time and peak memory. */
function fsck(checkout: string): Promise<FsckRun> {
  const started = performance.now();
  return new Promise((resolveRun, reject) => {
    let peak = 0;
    // An older checkout's fsck may not take --scratch (it held the replay in memory).
    const scratch = checkout === ROOT ? ['--scratch', scratchParent] : [];
    const child = execFile(process.execPath, [join(checkout, 'bin/tally.js'), 'fsck', dir, '--json', ...scratch], { cwd: checkout, maxBuffer: 16 * 1024 * 1024 }, (err, out, errText) => {
      clearInterval(sampler);
      if (err !== null) return reject(new Error(`tally fsck (${checkout}) failed: ${out}${errText}`));
      const report = JSON.parse(out) as { ok: boolean; entries: number; seconds: number; keysCompared: number };
      if (!report.ok || report.entries !== ENTRIES) return reject(new Error(`tally fsck (${checkout}) did not pass ${ENTRIES} entries: ${out}`));
      resolveRun({ perSecond: report.entries / report.seconds, wallS: (performance.now() - started) / 1000, peakRssMb: peak / 2 ** 20, keysCompared: report.keysCompared });
    });
    const sampler = setInterval(() => {
      for (const pid of processTree(child.pid!)) peak = Math.max(peak, peakRss(pid));
    }, 100);
  });
}

type Runner = 'inProcess' | 'fsck' | 'before';

try {
  log(`opening (or filling) the replay bench's store of ${ENTRIES} entries`);
  const benchLog = await readBenchLog(await replayBenchStore(dir, ENTRIES));
  const runners: Runner[] = values.before ? ['inProcess', 'fsck', 'before'] : ['inProcess', 'fsck'];
  const rates: Record<Runner, number[]> = { inProcess: [], fsck: [], before: [] };
  const runs: Record<'fsck' | 'before', FsckRun[]> = { fsck: [], before: [] };
  const pool = new VerifyPool();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const runner of runners.map((_, i) => runners[(i + round) % runners.length]!)) {
        if (runner === 'inProcess') {
          rates.inProcess.push(await replayInMemory(benchLog, pool, true));
        } else {
          const run = await fsck(runner === 'fsck' ? ROOT : resolve(values.before!));
          runs[runner].push(run);
          rates[runner].push(run.perSecond);
        }
      }
      log(`round ${round}: ${runners.map((r) => `${r} ${Math.round(rates[r].at(-1)!)}/s`).join(', ')}; fsck peak RSS ${Math.round(runs.fsck.at(-1)!.peakRssMb)} MB${values.before ? `, before ${Math.round(runs.before.at(-1)!.peakRssMb)} MB` : ''}`);
    }
  } finally {
    await pool.close();
  }

  const baseline = median(rates.inProcess);
  const rate = median(rates.fsck);
  const rows: Array<Record<string, string | number>> = [
    { figure: 'baseline: replay in process with the indexes, entries in memory, entries/s', value: Math.round(baseline), target: '-', verdict: '-' },
    { figure: 'tally fsck, entries/s', value: Math.round(rate), target: '-', verdict: '-' },
    { figure: 'tally fsck / baseline', value: +(rate / baseline).toFixed(3), target: '-', verdict: '-' },
    { figure: 'tally fsck, command wall s', value: +median(runs.fsck.map((r) => r.wallS)).toFixed(2), target: '-', verdict: '-' },
    { figure: 'tally fsck, peak RSS MB', value: Math.round(median(runs.fsck.map((r) => r.peakRssMb))), target: '-', verdict: '-' },
    { figure: 'tally fsck, keys compared', value: runs.fsck[0]!.keysCompared, target: '-', verdict: '-' },
  ];
  if (values.before) {
    const before = median(rates.before);
    rows.push(
      { figure: 'before: tally fsck, entries/s', value: Math.round(before), target: '-', verdict: '-' },
      { figure: 'before: tally fsck, peak RSS MB', value: Math.round(median(runs.before.map((r) => r.peakRssMb))), target: '-', verdict: '-' },
      { figure: 'tally fsck / before', value: +(rate / before).toFixed(3), target: '-', verdict: '-' },
    );
  }
  writeResult('fsck', rows, { entries: ENTRIES, rounds: ROUNDS, command: commandLine('bench/fsck.ts'), rates, runs });
} finally {
  rmSync(scratchParent, { recursive: true, force: true });
  if (values.dir === undefined) rmSync(dir, { recursive: true, force: true });
}
