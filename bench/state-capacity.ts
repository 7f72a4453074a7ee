/**
 * How many state keys a replay can hold in memory. A replay from genesis (sdk/replay.ts) that
 * keeps the indexes holds every state, index and aggregate key of the log in one map: 8.33 keys
 * per entry over the national-scale bench's million entries (`tally fsck` held about 11, with the
 * tree hashes and event-id records, until it kept them in a scratch store). One V8 Map holds at most 2^24 keys; ledger/collections/large-map.ts spreads
 * them over several past half of that. This fills a plain Map with keys shaped like the index keys until V8 refuses one, then
 * a LargeMap with `--keys` of them, and times sets and gets of both on the same keys (the plain
 * Map up to the LargeMap's split, where both are one Map). Prints a table and writes
 * bench/results/state-capacity.json.
 *
 *   npx tsx bench/state-capacity.ts [--keys 18000000] [--rounds 1]
 *
 * Needs a heap of several GB (`npm run bench` gives its runs 8 GB); re-runs itself with
 * --max-old-space-size=8192 when the heap limit is lower.
 */
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { LargeMap } from '../ledger/collections/large-map.js';
import { seq16 } from '../ledger/custody/keys.js';
import { commandLine, median, writeResult } from './report.js';

const HEAP_NEEDED_MB = 7000;
if (getHeapStatistics().heap_size_limit / 2 ** 20 < HEAP_NEEDED_MB) {
  const rerun = spawnSync(process.execPath, ['--max-old-space-size=8192', ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(rerun.status ?? 1);
}

const { values } = parseArgs({ options: { keys: { type: 'string', default: '18000000' }, rounds: { type: 'string', default: '1' } } });
const KEYS = Number(values.keys);
const ROUNDS = Number(values.rounds);
/** Where a LargeMap of default options splits (large-map.ts): the plain Map is timed up to here. */
const SPLIT_AT = 1 << 23;

/** The i-th key: an index key of a batch's entry, as the rules write them (`ib/<batch>/<seq16>`). */
const keyOf = (i: number): string => `ib/recycler-${i % 997}-batch-${i % 50_021}/${seq16(i)}`;

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** Keys one V8 Map took before `set` threw. */
function plainMapCapacity(keys: readonly string[]): number {
  const map = new Map<string, number>();
  try {
    for (let i = 0; i < keys.length; i++) map.set(keys[i]!, i);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return map.size;
  }
  throw new Error(`one Map took all ${keys.length} keys: give more with --keys`);
}

/** Nanoseconds per set and per get of keys [0, count) into a fresh map. */
function timeSetsAndGets(map: Map<string, number>, keys: readonly string[], count: number): { setNs: number; getNs: number } {
  let t = performance.now();
  for (let i = 0; i < count; i++) map.set(keys[i]!, i);
  const setNs = ((performance.now() - t) * 1e6) / count;
  t = performance.now();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += map.get(keys[i]!)!;
  const getNs = ((performance.now() - t) * 1e6) / count;
  if (sum !== (count * (count - 1)) / 2) throw new Error('a key was lost');
  return { setNs, getNs };
}

// Built once and shared by every map, so the timings are the maps' and not the strings'.
log(`building ${KEYS} keys`);
const keys = Array.from({ length: KEYS }, (_, i) => keyOf(i));
log('filling one Map until V8 refuses a key');
const capacity = plainMapCapacity(keys);
log(`one Map held ${capacity} keys`);

const runs = { mapSetNs: [] as number[], mapGetNs: [] as number[], largeSetNs: [] as number[], largeGetNs: [] as number[], largeFullSetNs: [] as number[], largeFullGetNs: [] as number[] };
let held = 0;
for (let round = 0; round < ROUNDS; round++) {
  // Both as one Map, alternating which goes first.
  const order = round % 2 === 0 ? (['map', 'large'] as const) : (['large', 'map'] as const);
  for (const kind of order) {
    const { setNs, getNs } = timeSetsAndGets(kind === 'map' ? new Map() : new LargeMap(), keys, SPLIT_AT);
    runs[kind === 'map' ? 'mapSetNs' : 'largeSetNs'].push(setNs);
    runs[kind === 'map' ? 'mapGetNs' : 'largeGetNs'].push(getNs);
  }
  const large = new LargeMap<number>();
  const full = timeSetsAndGets(large, keys, KEYS);
  if (!large.split) throw new Error('the LargeMap never split');
  held = large.size;
  runs.largeFullSetNs.push(full.setNs);
  runs.largeFullGetNs.push(full.getNs);
  log(`round ${round}: ${SPLIT_AT} keys: Map set ${runs.mapSetNs.at(-1)!.toFixed(0)} / get ${runs.mapGetNs.at(-1)!.toFixed(0)} ns, LargeMap ${last(runs.largeSetNs)} / ${last(runs.largeGetNs)} ns; ${KEYS} keys in a LargeMap: set ${full.setNs.toFixed(0)} / get ${full.getNs.toFixed(0)} ns`);
}

function last(list: number[]): string {
  return list.at(-1)!.toFixed(0);
}

const m = (list: number[]) => +median(list).toFixed(1);
const rows = [
  { figure: 'keys one Map holds (V8 limit)', value: capacity },
  { figure: 'entries of the national-scale log that fill it (8.33 keys/entry)', value: Math.floor(capacity / 8.33) },
  { figure: 'keys a LargeMap held', value: held },
  { figure: `Map set ns/key (${SPLIT_AT} keys)`, value: m(runs.mapSetNs) },
  { figure: `LargeMap set ns/key (${SPLIT_AT} keys, one Map)`, value: m(runs.largeSetNs) },
  { figure: 'LargeMap / Map, set', value: +(median(runs.largeSetNs) / median(runs.mapSetNs)).toFixed(3) },
  { figure: `Map get ns/key (${SPLIT_AT} keys)`, value: m(runs.mapGetNs) },
  { figure: `LargeMap get ns/key (${SPLIT_AT} keys, one Map)`, value: m(runs.largeGetNs) },
  { figure: 'LargeMap / Map, get', value: +(median(runs.largeGetNs) / median(runs.mapGetNs)).toFixed(3) },
  { figure: `LargeMap set ns/key (${KEYS} keys, split included)`, value: m(runs.largeFullSetNs) },
  { figure: `LargeMap get ns/key (${KEYS} keys, split)`, value: m(runs.largeFullGetNs) },
];
writeResult('state-capacity', rows, { keys: KEYS, rounds: ROUNDS, runs, command: commandLine('bench/state-capacity.ts'), note: 'the same key strings, built beforehand, for every map; values are small integers' });
