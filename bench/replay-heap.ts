/**
 * The auditor replay at scale with node's default young generation and with the one `tally
 * replay` runs with (sdk/cli/whole-log-flags.ts: 64 MB semi-spaces), the same
 * 8 GB heap for both, each in a process of its own, alternating which goes first.
 * On a kept national-scale store (bench/national-scale.ts --dir), or one it fills. Prints a table
 * and writes bench/results/replay-heap.json.
 *
 *   npx tsx bench/replay-heap.ts --dir <store> [--entries 1000000] [--rounds 1]
 *
 * A round at a million entries takes about ten minutes; the store needs about 1 GB of disk and
 * each replay about 4 GB of memory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wholeLogNodeFlags } from '../sdk/cli/whole-log-flags.js';
import { commandLine, median, writeResult } from './report.js';

const { values } = parseArgs({ options: { dir: { type: 'string' }, entries: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '1' } } });
if (values.dir === undefined) {
  console.error('replay-heap: give --dir, a store to fill or reuse (about 1 GB at a million entries)');
  process.exit(2);
}
mkdirSync(values.dir, { recursive: true });
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = Number(values.entries);

interface Run {
  perSecond: number;
  youngPauseS: number;
  oldPauseS: number;
  liveHeapBytes: number;
  stateKeys: number;
}

// The same 8 GB heap for both (node's default of about 4 GB would stop a million-entry replay):
// what differs is the young generation tally replay adds.
const HEAP = '--max-old-space-size=8192';
const CONFIGS = {
  defaults: [HEAP],
  tally: [HEAP, ...wholeLogNodeFlags({ given: [HEAP], totalMemoryBytes: 0, heapLimitBytes: 0 })],
};
const runs: Record<keyof typeof CONFIGS, Run[]> = { defaults: [], tally: [] };
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

for (let round = 0; round < Number(values.rounds); round++) {
  const order = (round % 2 === 0 ? ['defaults', 'tally'] : ['tally', 'defaults']) as Array<keyof typeof CONFIGS>;
  for (const config of order) {
    const out = execFileSync(process.execPath, [...CONFIGS[config], '--expose-gc', '--import', 'tsx', 'bench/national/replay-child.ts', values.dir, String(ENTRIES)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const run = JSON.parse(out.trim().split('\n').at(-1)!) as Run;
    runs[config].push(run);
    log(`round ${round} ${config} (${CONFIGS[config].join(' ')}): ${Math.round(run.perSecond)} entries/s, young-generation pauses ${run.youngPauseS.toFixed(1)} s, old ${run.oldPauseS.toFixed(1)} s`);
  }
}

const m = (config: keyof typeof CONFIGS, field: keyof Run) => median(runs[config].map((r) => r[field]));
const rows = [
  { figure: "replay entries/s, node's default young generation", value: Math.round(m('defaults', 'perSecond')) },
  { figure: "replay entries/s, tally replay's flags", value: Math.round(m('tally', 'perSecond')) },
  { figure: 'flags / defaults', value: +(m('tally', 'perSecond') / m('defaults', 'perSecond')).toFixed(3) },
  { figure: 'young-generation pauses s, defaults', value: +m('defaults', 'youngPauseS').toFixed(1) },
  { figure: "young-generation pauses s, tally replay's flags", value: +m('tally', 'youngPauseS').toFixed(1) },
  { figure: 'old-generation pauses s, defaults', value: +m('defaults', 'oldPauseS').toFixed(1) },
  { figure: "old-generation pauses s, tally replay's flags", value: +m('tally', 'oldPauseS').toFixed(1) },
  { figure: 'heap live after the replay, bytes per entry', value: Math.round(m('tally', 'liveHeapBytes') / ENTRIES) },
  { figure: 'state keys per entry', value: +(m('tally', 'stateKeys') / ENTRIES).toFixed(2) },
];
writeResult('replay-heap', rows, { entries: ENTRIES, rounds: Number(values.rounds), configs: CONFIGS, runs, command: commandLine('bench/replay-heap.ts') });
