/**
 * `npm run bench`: every benchmark in turn, each in its own process (so one's heap and threads
 * do not colour the next), with defaults that keep the whole run to a few minutes:
 *
 *   store-append.ts    --events 5000 --rounds 1
 *   ingest-wrk.ts      --rounds 3 --events 15000 --events-low 3000   (skipped without wrk)
 *   http-ingest.ts     --events 3000 --rounds 1
 *   replay.ts          --entries 20000 --rounds 3
 *   replay-served.ts   --entries 20000 --rounds 3
 *   fsck.ts            --entries 20000 --rounds 3
 *   national-scale.ts  --entries 50000
 *   startup.ts         --sizes 10000,50000 --rounds 3
 *   deep-lineage.ts    --entries 15000 --samples 21
 *   rules-instructions.ts --entries 3000   (callgrind, about 4 minutes; skipped without valgrind)
 *   state-capacity.ts  --keys 18000000 --rounds 1   (about 6 GB of heap)
 *   explorer-load.ts   --rounds 10    (skipped with a message where Chromium is absent)
 *
 * `--entries N` is passed to national-scale.ts. The national-scale run the issue's targets are
 * stated for (a million entries: the fill takes about 8 minutes, the whole run about 25 on two
 * cores) is run on its own:
 *
 *   npx tsx bench/national-scale.ts --entries 1000000
 *
 * (Its replay keeping the query indexes holds the whole custody state, about 3.5 GB in use at a
 * million entries; where node's default heap limit is lower, add
 * NODE_OPTIONS=--max-old-space-size=8192.) On the store it kept (--dir),
 * the replay with `tally replay`'s young generation against node's default:
 *
 *   npx tsx bench/replay-heap.ts --dir <that store> --entries 1000000
 *
 * Each benchmark prints its table and writes bench/results/<name>.json.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '50000' } } });
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const runs: Array<[string, string[]]> = [
  ['bench/store-append.ts', ['--events', '5000', '--rounds', '1']],
  // The ingest figures against the floor, wrk as the client (exits 2, skipped, without wrk).
  ['bench/ingest-wrk.ts', ['--rounds', '3', '--events', '15000', '--events-low', '3000']],
  // Secondary: the same comparison with a Node client, which limits both sides.
  ['bench/http-ingest.ts', ['--events', '3000', '--rounds', '1']],
  ['bench/replay.ts', ['--entries', '20000', '--rounds', '3']],
  // tally replay in its own process from the API, the served tiles and a mirror of them.
  ['bench/replay-served.ts', ['--entries', '20000', '--rounds', '3']],
  // tally fsck in its own process: time and peak memory against the replay with the indexes.
  ['bench/fsck.ts', ['--entries', '20000', '--rounds', '3']],
  ['bench/national-scale.ts', ['--entries', values.entries!]],
  ['bench/startup.ts', ['--sizes', '10000,50000', '--rounds', '3']],
  ['bench/deep-lineage.ts', ['--entries', '15000', '--samples', '21']],
  ['bench/explorer-load.ts', ['--rounds', '10']],
  // The rules counted in instructions, which the VM's load does not move (exits 2 without valgrind).
  ['bench/rules-instructions.ts', ['--entries', '3000']],
  // How many state keys a replay can hold: past one Map's 2^24.
  ['bench/state-capacity.ts', ['--keys', '18000000', '--rounds', '1']],
];

/** Benchmarks that exit 2 when a tool they drive is missing: skipped, not failed. */
const NEEDS_TOOL: Record<string, string> = { 'bench/ingest-wrk.ts': 'wrk', 'bench/rules-instructions.ts': 'valgrind' };

let failed = 0;
for (const [script, args] of runs) {
  console.log(`\n=== ${script} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', script, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (result.status === 2 && NEEDS_TOOL[script] !== undefined) {
    console.error(`${script} skipped (${NEEDS_TOOL[script]} is not installed)`);
  } else if (result.status !== 0) {
    failed++;
    console.error(`${script} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
