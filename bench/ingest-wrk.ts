/**
 * Ingest against its floor, driven by wrk (a C load generator, so the client is not what limits
 * either side). The floor is bench/baseline-server.ts: node:http, JSON.parse, JCS, one Ed25519
 * verify on the libuv pool with a cached KeyObject, nothing kept: what no ledger can skip. Tally
 * is `npm start` on LevelDB, each 201 sent only once its entry is durable (fsync'd group commit).
 *
 * Every envelope is signed before any timing and sent exactly once (bench/wrk/submit-once.lua);
 * both servers get the very same bodies (the floor keeps nothing, Tally gets a fresh data
 * directory each round). Rounds rotate the order of the servers, so each takes each place in turn (orderOfRound); each figure is the median over
 * rounds and the ratio is Tally's median over the floor's. Prints a table and writes
 * bench/results/ingest-wrk.json.
 *
 *   npx tsx bench/ingest-wrk.ts [--rounds 3] [--events 20000] [--events-low 4000] [--threads 1]
 *                               [--before <checkout>] [--before-env NAME=VALUE ...]
 *
 * `--before` names another checkout of Tally (an earlier commit, with its node_modules and built
 * web/dist), started the same way as a third server in every round, so a change is measured
 * before and after in one run; its rows are "before" and "tally / before". `--before-env` adds
 * settings to that server's environment, so that a setting is measured against its default on
 * the same code (`--before . --before-env TALLY_COMMIT_LINGER_US=0`).
 *
 * Needs `wrk` on PATH (Debian package wrk); exits 2 with a message when it is missing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toBase64Url } from '../ledger/encoding/bytes.js';
import { benchKeys, registerRecycler, scrapRegistrations } from './fixtures.js';
import { postAll } from './load.js';
import { startChildServer, startTally, type ChildServer } from './processes.js';
import { median, writeResult, commandLine } from './report.js';
import { fsyncMillis } from './fsync-probe.js';
import { runWrk, wrkAvailable, type WrkRun } from './wrk/run.js';
import { cpuPerEvent, threadCpu } from './thread-cpu.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    events: { type: 'string', default: '20000' },
    'events-low': { type: 'string', default: '4000' },
    warmup: { type: 'string', default: '3000' },
    threads: { type: 'string', default: '1' },
    before: { type: 'string' },
    'before-env': { type: 'string', multiple: true },
  },
});
const ROUNDS = Number(values.rounds);
const THREADS = Number(values.threads);
/** Connections, with how many envelopes each level sends per server per round. */
const LEVELS: Array<{ connections: number; events: number }> = [
  { connections: 64, events: Number(values.events) },
  { connections: 4, events: Number(values['events-low']) },
];
const TARGETS: Record<number, { ratio: number; p99Ms?: number }> = { 64: { ratio: 0.5, p99Ms: 50 }, 4: { ratio: 0.3 } };

if (!wrkAvailable()) {
  console.error('ingest-wrk: wrk is not installed (Debian: apt-get install -y wrk); skipping');
  process.exit(2);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tally-ingest-wrk-'));
const keys = benchKeys('localhost/tally');
const writeEnvelopes = (name: string, count: number): string => {
  const path = join(work, `${name}.jsonl`);
  writeFileSync(path, scrapRegistrations(keys, count, name).map((e) => JSON.stringify(e)).join('\n') + '\n');
  return path;
};
const warmupFile = writeEnvelopes('warmup', Number(values.warmup));
const files = new Map(LEVELS.map(({ connections, events }) => [connections, writeEnvelopes(`c${connections}`, events)]));

/** `--before-env NAME=VALUE` settings, for the before server only. */
const BEFORE_ENV: Record<string, string> = Object.fromEntries(
  (values['before-env'] ?? []).map((setting) => {
    const at = setting.indexOf('=');
    if (at <= 0) throw new Error(`--before-env takes NAME=VALUE, not ${setting}`);
    return [setting.slice(0, at), setting.slice(at + 1)];
  }),
);

type Kind = 'floor' | 'tally' | 'before';
const KINDS: Kind[] = values.before !== undefined ? ['floor', 'tally', 'before'] : ['floor', 'tally'];

/**
 * The order the servers run in, in round `round`: each takes each place in turn. With three,
 * reversing the order every other round kept Tally in the middle in every round, and the middle
 * place did better at 4 connections whichever code held it (stop 35: 1.225 and then, the two
 * checkouts swapped, 1.078 for the other one).
 */
function orderOfRound(round: number): Kind[] {
  const turn = round % KINDS.length;
  return [...KINDS.slice(turn), ...KINDS.slice(0, turn)];
}
/** A wrk run with the server's CPU per event during it (undefined without /proc). */
type Sample = WrkRun & { cpu?: { mainUs: number; allUs: number } };
const samples = new Map<string, Sample[]>();
const fsyncMs: number[] = [];
const record = (kind: Kind, connections: number, run: Sample) => samples.set(`${kind}@${connections}`, [...(samples.get(`${kind}@${connections}`) ?? []), run]);

async function start(kind: Kind, round: number): Promise<{ server: ChildServer; cleanup: () => void }> {
  if (kind === 'floor') {
    const server = await startChildServer('bench/baseline-server.ts', { BASELINE_KEYS: JSON.stringify({ 'recycler-1': toBase64Url(keys.recycler.publicKey) }) }, (line) =>
      line.startsWith('listening ') ? `http://127.0.0.1:${line.slice('listening '.length).trim()}` : undefined,
    );
    return { server, cleanup: () => {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `tally-ingest-wrk-r${round}-`));
  const env = { TALLY_DATA_DIR: dataDir, TALLY_ORIGIN: keys.origin, TALLY_REGISTRAR_KEY: toBase64Url(keys.registrar.publicKey) };
  const server = kind === 'before' ? await startTally({ ...env, ...BEFORE_ENV }, [], values.before) : await startTally(env);
  const registered = await postAll(`${server.url}/v1/events`, [JSON.stringify(registerRecycler(keys))], 1);
  if (registered.failures) throw new Error('could not register the bench recycler');
  return { server, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = orderOfRound(round);
    fsyncMs.push(fsyncMillis(tmpdir()));
    for (const kind of order) {
      const { server, cleanup } = await start(kind, round);
      try {
        await runWrk({ url: `${server.url}/v1/events`, file: warmupFile, connections: 64, threads: THREADS, cwd: ROOT });
        for (const { connections } of LEVELS) {
          const cpuBefore = threadCpu(server.child.pid!);
          const run = await runWrk({ url: `${server.url}/v1/events`, file: files.get(connections)!, connections, threads: Math.min(THREADS, connections), cwd: ROOT });
          const cpu = cpuPerEvent(cpuBefore, threadCpu(server.child.pid!), run.created);
          const cpuText = cpu ? `, CPU ${cpu.mainUs.toFixed(0)} µs/event on the request thread, ${cpu.allUs.toFixed(0)} in all` : '';
          console.log(`round ${round} ${kind} @${connections}: ${Math.round(run.perSecond)}/s, p99 ${run.p99Ms.toFixed(1)} ms (${run.created} created)${cpuText}`);
          record(kind, connections, cpu ? { ...run, cpu } : run);
        }
      } finally {
        await server.stop();
        cleanup();
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const rows: Array<Record<string, string | number>> = [];
const perLevel: Record<string, unknown> = {};
for (const { connections, events } of LEVELS) {
  const floor = samples.get(`floor@${connections}`)!;
  const tally = samples.get(`tally@${connections}`)!;
  const floorRate = median(floor.map((r) => r.perSecond));
  const tallyRate = median(tally.map((r) => r.perSecond));
  const ratio = tallyRate / floorRate;
  const target = TARGETS[connections]!;
  const tallyP99 = median(tally.map((r) => r.p99Ms));
  rows.push(
    { figure: `floor events/s @${connections}`, value: Math.round(floorRate), 'p50 ms': +median(floor.map((r) => r.p50Ms)).toFixed(2), 'p99 ms': +median(floor.map((r) => r.p99Ms)).toFixed(2), target: '-', verdict: '-' },
    { figure: `tally events/s @${connections}`, value: Math.round(tallyRate), 'p50 ms': +median(tally.map((r) => r.p50Ms)).toFixed(2), 'p99 ms': +tallyP99.toFixed(2), target: '-', verdict: '-' },
    { figure: `ingest ratio @${connections}`, value: +ratio.toFixed(3), 'p50 ms': '-', 'p99 ms': '-', target: `>= ${target.ratio}`, verdict: ratio >= target.ratio ? 'pass' : 'miss' },
  );
  if (connections <= 8) {
    // Each connection waits for its 201, so a durable server answers at most C per fsync.
    const ceiling = connections / (median(fsyncMs) / 1000);
    rows.push({ figure: `durable ceiling events/s @${connections} (C / fsync)`, value: Math.round(ceiling), 'p50 ms': +median(fsyncMs).toFixed(2), 'p99 ms': '-', target: '-', verdict: `ratio cap ${(ceiling / floorRate).toFixed(3)}` });
  }
  if (target.p99Ms !== undefined) {
    rows.push({ figure: `floor p99 ms @${connections}`, value: +median(floor.map((r) => r.p99Ms)).toFixed(2), 'p50 ms': '-', 'p99 ms': '-', target: '-', verdict: '-' });
    rows.push({ figure: `tally p99 ms @${connections}`, value: +tallyP99.toFixed(2), 'p50 ms': '-', 'p99 ms': '-', target: `< ${target.p99Ms}`, verdict: tallyP99 < target.p99Ms ? 'pass' : 'miss' });
  }
  const before = samples.get(`before@${connections}`);
  rows.push(...cpuRows(connections, { floor, tally, ...(before ? { before } : {}) }));
  if (before !== undefined) {
    const beforeRate = median(before.map((r) => r.perSecond));
    rows.push(
      { figure: `before events/s @${connections}`, value: Math.round(beforeRate), 'p50 ms': +median(before.map((r) => r.p50Ms)).toFixed(2), 'p99 ms': +median(before.map((r) => r.p99Ms)).toFixed(2), target: '-', verdict: '-' },
      { figure: `before ratio @${connections}`, value: +(beforeRate / floorRate).toFixed(3), 'p50 ms': '-', 'p99 ms': '-', target: '-', verdict: '-' },
      { figure: `tally / before @${connections}`, value: +(tallyRate / beforeRate).toFixed(3), 'p50 ms': '-', 'p99 ms': '-', target: '-', verdict: '-' },
    );
  }
  perLevel[`c${connections}`] = {
    events,
    roundRatios: tally.map((t, i) => +(t.perSecond / floor[i]!.perSecond).toFixed(3)),
    floor,
    tally,
    ...(before !== undefined ? { before } : {}),
  };
}
/**
 * Server CPU per event, medians over rounds: where a rate hides whether a change saved work or
 * only moved it (to the thread pool, say), these say which thread paid.
 */
function cpuRows(connections: number, byKind: Partial<Record<Kind, Sample[]>>): Array<Record<string, string | number>> {
  const rows: Array<Record<string, string | number>> = [];
  for (const [kind, runs] of Object.entries(byKind)) {
    const cpu = runs.flatMap((r) => (r.cpu ? [r.cpu] : []));
    if (cpu.length === 0) continue;
    rows.push(
      { figure: `${kind} request-thread CPU µs/event @${connections}`, value: Math.round(median(cpu.map((c) => c.mainUs))), 'p50 ms': '-', 'p99 ms': '-', target: '-', verdict: '-' },
      { figure: `${kind} process CPU µs/event @${connections}`, value: Math.round(median(cpu.map((c) => c.allUs))), 'p50 ms': '-', 'p99 ms': '-', target: '-', verdict: '-' },
    );
  }
  return rows;
}

writeResult('ingest-wrk', rows, {
  rounds: ROUNDS,
  wrkThreads: THREADS,
  fsyncMedianMs: fsyncMs,
  command: commandLine('bench/ingest-wrk.ts'),
  ...(values['before-env'] ? { beforeEnv: BEFORE_ENV } : {}),
  runs: perLevel,
  note: 'wrk (C) over loopback keep-alive, each pre-signed envelope sent once; the servers take turns in a rotating order within each round on the same 2 shared cores',
});
