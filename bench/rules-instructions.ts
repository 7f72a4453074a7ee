/**
 * The custody rules' cost in instructions, not seconds (issue 14's "rules at most 30 us per
 * entry"): valgrind's callgrind counts the instructions a run executes, which does not move with
 * the machine's load the way a timing does on these shared VMs, so a change of a few percent can
 * be seen. Applies the first `--entries` entries of the replay bench's generated log with the
 * signature check off (bench/rules-driver.ts, bundled by esbuild against each
 * checkout), minus a run that parses and seals the same entries without applying them; with
 * `--before <checkout>` the same for another checkout of Tally, and the ratio. Prints a table and
 * writes bench/results/rules-instructions.json.
 *
 *   npx tsx bench/rules-instructions.ts [--entries 3000] [--dir <kept store>] [--before <checkout>]
 *
 * Use a few thousand entries: with fewer, the count is mostly V8's interpreter before the rules
 * are compiled (2.9 million instructions per entry at 1,000 entries, 1.55 million at 3,000).
 *
 * Needs valgrind (Debian package valgrind); exits 2 with a message when it is missing. Each
 * callgrind run takes minutes (about 50 times slower than native); runs go two at a time.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { replayBenchLog } from './replay-log.js';
import { commandLine, writeResult } from './report.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '3000' }, dir: { type: 'string' }, before: { type: 'string' } } });
const ENTRIES = Number(values.entries);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DRIVER = readFileSync(new URL('./rules-driver.ts', import.meta.url), 'utf8');

try {
  execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('rules-instructions: valgrind is not installed (Debian: apt-get install -y valgrind); skipping');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'tally-rules-instructions-'));
const dir = values.dir ?? join(work, 'store');
try {
  // The first entries of the replay bench's log at its default size (20,000), or of a longer one.
  const { texts } = await replayBenchLog(dir, Math.max(ENTRIES, 20000));
  const entriesFile = join(work, 'entries.json');
  writeFileSync(entriesFile, JSON.stringify(texts.slice(0, ENTRIES)));

  const checkouts: Array<[string, string]> = [['this checkout', ROOT]];
  if (values.before !== undefined) checkouts.push(['before', values.before]);
  const bundles = await Promise.all(
    checkouts.map(async ([, checkout], i) => {
      const outfile = join(work, `driver-${i}.mjs`);
      await build({ stdin: { contents: DRIVER, resolveDir: join(checkout, 'bench'), sourcefile: 'rules-driver.ts', loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });
      return outfile;
    }),
  );

  const runs = bundles.flatMap((bundle) => (['apply', 'parse'] as const).map((mode) => ({ bundle, mode })));
  const counts: number[] = [];
  for (let at = 0; at < runs.length; at += 2) {
    counts.push(...(await Promise.all(runs.slice(at, at + 2).map(({ bundle, mode }) => instructions(bundle, entriesFile, mode)))));
  }
  const perEntry = checkouts.map((_, i) => (counts[2 * i]! - counts[2 * i + 1]!) / ENTRIES);
  const rows: Array<Record<string, string | number>> = checkouts.map(([name], i) => ({ figure: `custody rules, instructions per entry (${name})`, value: Math.round(perEntry[i]!) }));
  if (perEntry.length === 2) rows.push({ figure: 'this checkout / before', value: Number((perEntry[0]! / perEntry[1]!).toFixed(4)) });
  writeResult('rules-instructions', rows, { entries: ENTRIES, command: commandLine('bench/rules-instructions.ts'), counts });
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Instructions callgrind counted for one run of the bundled driver. */
function instructions(bundle: string, entriesFile: string, mode: 'apply' | 'parse'): Promise<number> {
  // --single-threaded: no V8 helper threads, so the count is the program's, not the scheduler's.
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', bundle, entriesFile, String(ENTRIES), mode];
  return new Promise((resolve, reject) => {
    execFile('valgrind', args, { maxBuffer: 16 * 1024 * 1024 }, (err, _stdout, stderr) => {
      const collected = /Collected : (\d+)/.exec(stderr);
      if (err || !collected) reject(new Error(`callgrind failed: ${err?.message ?? stderr.slice(-500)}`));
      else resolve(Number(collected[1]));
    });
  });
}
