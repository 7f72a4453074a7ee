/**
 * `tally replay` as an auditor runs it, against the issue's 10,000 entries/s "from the API and from
 * tiles": the CLI (bin/tally.js, in processes of its own) against `npm start` on the replay bench's
 * store (bench/replay-log.ts), in turn
 *   - from the API: GET /v1/entries pages, each request signed as the generated year's auditor;
 *   - from the tiles the server serves under /tlog/ (C2SP entry bundles of 256);
 *   - from a mirror directory of those tiles (`tally mirror`, made once before the rounds);
 * and, as the baseline in the same rounds, the same replay in this process over the entries' leaf
 * JSON already in memory (bench/replay.ts's main row: nothing fetched). Every signature, hash link
 * and custody rule is checked in all four. The rate is the entries over the replay's own time (the
 * summary's durationMs: from the first page asked to the verdict); the command's wall time, node
 * and tsx starting included, is a row of its own. Rounds rotate the order; figures are medians.
 * Prints a table and writes bench/results/replay-served.json (replay-served-<N>.json for another
 * --entries: a larger log shows the rate once the CLI's JIT is warm, which 20,000 entries do not).
 *
 *   npx tsx bench/replay-served.ts [--entries 20000] [--rounds 3] [--dir <kept store>]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { toBase64Url } from '../ledger/encoding/bytes.js';
import { VerifyPool } from '../sdk/node/verify-pool.js';
import { writeKeyFile } from '../sdk/node/key-file.js';
import { readBenchLog, replayBenchStore, replayInMemory } from './replay-log.js';
import { startTally } from './processes.js';
import { median, writeResult, commandLine } from './report.js';

const DEFAULT_ENTRIES = 20_000;
const { values } = parseArgs({ options: { entries: { type: 'string', default: String(DEFAULT_ENTRIES) }, rounds: { type: 'string', default: '3' }, dir: { type: 'string' } } });
const ENTRIES = Number(values.entries);
const ROUNDS = Number(values.rounds);
const TARGET = 10_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TALLY_BIN = join(ROOT, 'bin/tally.js');
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'tally-replay-served-'));
const work = mkdtempSync(join(tmpdir(), 'tally-replay-served-work-'));

const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** One `tally` command: its exit code, stdout and wall time from spawn to exit. */
function tally(args: string[]): Promise<{ code: number; out: string; err: string; wallMs: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [TALLY_BIN, ...args], { cwd: ROOT, env: { ...process.env, TALLY_URL: '', TALLY_KEY: '', TALLY_AS: '' }, maxBuffer: 64 * 1024 * 1024 }, (err, out, errText) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1;
      resolve({ code, out, err: errText, wallMs: performance.now() - started });
    });
  });
}

/** `tally replay --json` with `args`: the replay's rate (entries over its own time) and the command's wall seconds. */
async function replayCommand(args: string[]): Promise<{ perSecond: number; wallS: number }> {
  const run = await tally(['replay', ...args, '--json']);
  if (run.code !== 0) throw new Error(`tally replay ${args.join(' ')} exited ${run.code}: ${run.out}${run.err}`);
  const result = JSON.parse(run.out) as { ok: boolean; summary: { size: number; durationMs: number } };
  if (!result.ok || result.summary.size !== ENTRIES) throw new Error(`tally replay ${args.join(' ')} did not replay ${ENTRIES} entries: ${run.out}`);
  return { perSecond: result.summary.size / (result.summary.durationMs / 1000), wallS: run.wallMs / 1000 };
}

type Source = 'inProcess' | 'api' | 'servedTiles' | 'mirrorTiles';
const SOURCES: Source[] = ['inProcess', 'api', 'servedTiles', 'mirrorTiles'];

try {
  log(`opening (or filling) the replay bench's store of ${ENTRIES} entries`);
  const filled = await replayBenchStore(dir, ENTRIES);
  const auditor = filled.year.participants.find((p) => p.kind === 'auditor');
  if (auditor === undefined) throw new Error('the generated year has no auditor');
  const benchLog = await readBenchLog(filled);
  const { logKey } = benchLog;
  const keyFile = join(work, 'auditor.json');
  writeKeyFile(keyFile, auditor.key);

  log('npm start on the store');
  const server = await startTally({ TALLY_DATA_DIR: dir, TALLY_ORIGIN: filled.year.origin, TALLY_REGISTRAR_KEY: toBase64Url(filled.year.registrar.publicKey) });
  const pool = new VerifyPool();
  const runs: Record<Source, number[]> = { inProcess: [], api: [], servedTiles: [], mirrorTiles: [] };
  const wallS: Record<Exclude<Source, 'inProcess'>, number[]> = { api: [], servedTiles: [], mirrorTiles: [] };
  try {
    const mirror = join(work, 'mirror');
    const mirrored = await tally(['mirror', '--url', server.url, '--out', mirror, '--log-key', logKey, '--json']);
    if (mirrored.code !== 0) throw new Error(`tally mirror exited ${mirrored.code}: ${mirrored.out}${mirrored.err}`);
    log(`mirrored the tiles in ${(mirrored.wallMs / 1000).toFixed(1)} s`);
    const commands: Record<Exclude<Source, 'inProcess'>, string[]> = {
      api: ['--url', server.url, '--as', auditor.id, '--key', keyFile, '--log-key', logKey],
      servedTiles: ['--tiles', `${server.url}/tlog`, '--log-key', logKey],
      mirrorTiles: ['--tiles', mirror, '--log-key', logKey],
    };

    for (let round = 0; round < ROUNDS; round++) {
      // Each source in turn, the order rotated a step each round.
      const order = SOURCES.map((_, i) => SOURCES[(i + round) % SOURCES.length]!);
      for (const source of order) {
        if (source === 'inProcess') {
          runs.inProcess.push(await replayInMemory(benchLog, pool, false));
        } else {
          const run = await replayCommand(commands[source]);
          runs[source].push(run.perSecond);
          wallS[source].push(run.wallS);
        }
      }
      log(`round ${round}: ${SOURCES.map((s) => `${s} ${Math.round(runs[s].at(-1)!)}/s`).join(', ')}`);
    }
  } finally {
    await pool.close();
    await server.stop();
  }

  const baseline = median(runs.inProcess);
  const LABEL: Record<Exclude<Source, 'inProcess'>, string> = { api: 'from the API (signed GET /v1/entries)', servedTiles: 'from the served tiles (/tlog/)', mirrorTiles: 'from a mirror directory of tiles' };
  const rows: Array<Record<string, string | number>> = [
    { figure: 'baseline: replay in process, entries in memory, entries/s', value: Math.round(baseline), target: '-', verdict: '-' },
    ...(['api', 'servedTiles', 'mirrorTiles'] as const).flatMap((source) => {
      const rate = median(runs[source]);
      return [
        { figure: `tally replay ${LABEL[source]}, entries/s`, value: Math.round(rate), target: `>= ${TARGET}`, verdict: rate >= TARGET ? 'pass' : 'miss' },
        { figure: `tally replay ${LABEL[source]} / in process`, value: +(rate / baseline).toFixed(3), target: '-', verdict: '-' },
        { figure: `tally replay ${LABEL[source]}, command wall s`, value: +median(wallS[source]).toFixed(2), target: '-', verdict: '-' },
      ];
    }),
  ];
  writeResult(ENTRIES === DEFAULT_ENTRIES ? 'replay-served' : `replay-served-${ENTRIES}`, rows, { entries: ENTRIES, rounds: ROUNDS, command: commandLine('bench/replay-served.ts'), runs, wallS });
} finally {
  rmSync(work, { recursive: true, force: true });
  if (values.dir === undefined) rmSync(dir, { recursive: true, force: true });
}
