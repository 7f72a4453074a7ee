/**
 * National scale: a LevelDB store filled with a generated year of UK metals flows (hundreds of
 * participants, every event type, one batch with ~10,000 entries in its lineage), then measured
 * against the issue's targets: inclusion proofs, consistency proofs, claims and provenance on the
 * deep batch, full replay by an auditor (sdk/replay.ts), bytes on disk per entry, and the resident
 * memory of `npm start` serving that store. Prints a table and writes bench/results/national-scale.json.
 *
 *   npx tsx bench/national-scale.ts                      # 1,000,000 entries (the fill takes a while)
 *   npx tsx bench/national-scale.ts --entries 20000      # a quick run
 *   npx tsx bench/national-scale.ts --dir ./tally-1m-store   # keep the store (and reuse it next time)
 *
 * Loopback only; the bench and the server share the machine's cores, so figures are noisy.
 * Replaying a million entries with the query indexes holds the whole custody state in memory (about
 * 3.5 GB of heap in use; `tally replay`'s way, without them, 0.6 GB); where
 * node's default heap limit is lower, give it room: NODE_OPTIONS=--max-old-space-size=8192.
 * A run below a million entries writes bench/results/national-scale-<N>.json instead, and one
 * with --skip-replay or --skip-server national-scale[-<N>]-partial.json.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BatchState } from '../schemas/state.js';
import { fillStore, openStore } from './national/fill.js';
import { claims, consistencyProofs, inclusionProofs, provenance, replay, replayBreakdown, type ReplayFigures } from './national/measure.js';
import { serverFigures, type ServerFigures } from './national/server.js';
import { writeResult, commandLine } from './report.js';
import { VerifyPool } from '../sdk/node/verify-pool.js';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    seed: { type: 'string', default: 'national-scale' },
    participants: { type: 'string', default: '300' },
    'in-flight': { type: 'string', default: '1024' },
    'skip-replay': { type: 'boolean', default: false },
    'skip-server': { type: 'boolean', default: false },
  },
});
const ENTRIES = Number(values.entries);
const ORIGIN = 'localhost/tally';
// The deep batch is ~10,000 entries deep at national scale; a quick run keeps it a fifth of the log.
const ANCESTORS = Math.min(10_000, Math.floor(ENTRIES / 5));
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'tally-national-'));
mkdirSync(dir, { recursive: true });
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

try {
  log(`filling ${dir} to ${ENTRIES} entries (${values.participants} participants, deep batch of ~${ANCESTORS} ancestor entries)`);
  const filled = await fillStore({
    dir,
    entries: ENTRIES,
    seed: values.seed!,
    origin: ORIGIN,
    participants: Number(values.participants),
    ancestorEntries: ANCESTORS,
    inFlight: Number(values['in-flight']),
    onProgress: (done, rate) => log(`  ${done} entries, ${Math.round(rate)}/s`),
  });
  let { ledger } = filled;
  if (filled.reused) log(`reusing the store in ${dir}`);
  if (filled.fill) log(`${filled.reused ? 'it was filled' : 'filled'} in ${filled.fill.seconds.toFixed(0)} s: ${Math.round(filled.fill.perSecond)} entries/s`);
  const deep = filled.year.deepLineage!.batch;

  log('inclusion and consistency proofs');
  const inclusion = await inclusionProofs(ledger, 1000);
  const consistency = await consistencyProofs(ledger, 300);
  log('claims and provenance on the deep batch');
  const claimTiming = await claims(ledger, deep, 500);
  const provenanceTiming = await provenance(ledger, deep, 20);
  const sampleBatches: string[] = [];
  for await (const [, value] of ledger.state.scan('b/')) {
    if ((value as BatchState).id !== deep) sampleBatches.push((value as BatchState).id);
    if (sampleBatches.length >= 200) break;
  }

  let replayOne: ReplayFigures | undefined;
  let replayPool: ReplayFigures | undefined;
  let replayIndexed: ReplayFigures | undefined;
  let breakdown: Record<string, number> | undefined;
  if (!values['skip-replay']) {
    breakdown = await replayBreakdown(ledger, 50_000);
    log(`  replay cost per entry on one core (us): ${JSON.stringify(breakdown)}`);
    log('full replay, signatures on the main thread');
    replayOne = await replay(ledger);
    log(`  ${Math.round(replayOne.perSecond)} entries/s`);
    log('full replay, signatures on worker threads as `tally replay` checks them');
    const pool = new VerifyPool();
    try {
      replayPool = await replay(ledger, pool);
      log(`  ${Math.round(replayPool.perSecond)} entries/s, ${replayPool.heapMB} MB of heap in use after it, ${replayPool.stateKeys} state keys`);
      log('the same keeping the query indexes (the SDK default, the state as the server keeps it)');
      replayIndexed = await replay(ledger, pool, true);
      log(`  ${Math.round(replayIndexed.perSecond)} entries/s, ${replayIndexed.heapMB} MB of heap in use after it, ${replayIndexed.stateKeys} state keys`);
    } finally {
      await pool.close();
    }
  }
  await ledger.close();

  // LevelDB writes its last log file out as a table when it reopens: measure the store as a restart would find it.
  ({ ledger } = await openStore(dir, filled.year, filled.logKey));
  await ledger.close();
  const storeBytes = Number(execFileSync('du', ['-sb', join(dir, 'store')]).toString().split('\t')[0]);
  const bytesPerEntry = storeBytes / ENTRIES;
  log(`store: ${(storeBytes / 1e6).toFixed(0)} MB, ${bytesPerEntry.toFixed(0)} bytes per entry`);

  let server: ServerFigures | undefined;
  if (!values['skip-server']) {
    log('npm start on the store: start-up, then queries, then RSS');
    const auditor = filled.year.participants.find((p) => p.kind === 'auditor')!;
    server = await serverFigures({
      dir,
      origin: ORIGIN,
      registrarPublicKey: filled.year.registrar.publicKey,
      auditor: { participant: auditor.id, keyId: auditor.key.keyId, secretKey: auditor.key.secretKey },
      size: ENTRIES,
      batches: sampleBatches,
      deepBatch: deep,
      queries: 400,
    });
    log(`  started in ${server.startSeconds.toFixed(1)} s, RSS ${server.rssMB.toFixed(0)} MB after ${server.queries + server.claimsHttp.samples} requests (${server.failures} failed)`);
  }

  const atScale = ENTRIES >= 1_000_000;
  const verdict = (ok: boolean) => (atScale ? (ok ? 'pass' : 'miss') : ok ? 'pass (below 1M)' : 'miss (below 1M)');
  const bestReplay = Math.max(replayOne?.perSecond ?? 0, replayPool?.perSecond ?? 0);
  const rows: Array<Record<string, string | number>> = [
    { measure: 'fill through Ledger.submit (entries/s)', value: filled.fill ? Math.round(filled.fill.perSecond) : 'reused', target: '-', verdict: '-' },
    { measure: 'inclusion proof, median ms', value: +inclusion.medianMs.toFixed(3), target: '<= 1 ms', verdict: verdict(inclusion.medianMs <= 1) },
    { measure: 'inclusion proof, p99 ms', value: +inclusion.p99Ms.toFixed(3), target: '-', verdict: '-' },
    { measure: 'consistency proof, median ms', value: +consistency.medianMs.toFixed(3), target: '-', verdict: '-' },
    { measure: 'consistency proof, p99 ms', value: +consistency.p99Ms.toFixed(3), target: '-', verdict: '-' },
    { measure: `claims on the deep batch (${provenanceTiming.lineage} ancestor entries), median ms`, value: +claimTiming.medianMs.toFixed(3), target: '<= 50 ms', verdict: verdict(claimTiming.medianMs <= 50) },
    { measure: 'provenance of the deep batch, median ms', value: +provenanceTiming.medianMs.toFixed(1), target: '-', verdict: '-' },
    ...(replayOne && replayPool
      ? [
          { measure: 'full replay, verify on main thread (entries/s)', value: Math.round(replayOne.perSecond), target: '-', verdict: '-' },
          { measure: 'full replay, verify on thread pool (entries/s)', value: Math.round(replayPool.perSecond), target: '>= 10,000/s', verdict: verdict(bestReplay >= 10_000) },
          { measure: 'replay heap in use after it, bytes per entry', value: Math.round((replayPool.heapMB * 1e6) / replayPool.entries), target: '-', verdict: '-' },
        ]
      : []),
    ...(replayIndexed
      ? [
          { measure: 'full replay keeping the query indexes, verify on thread pool (entries/s)', value: Math.round(replayIndexed.perSecond), target: '-', verdict: '-' },
          { measure: 'replay keeping the query indexes, heap in use after it, bytes per entry', value: Math.round((replayIndexed.heapMB * 1e6) / replayIndexed.entries), target: '-', verdict: '-' },
        ]
      : []),
    { measure: 'bytes on disk per entry', value: Math.round(bytesPerEntry), target: '<= 1,536', verdict: verdict(bytesPerEntry <= 1536) },
    ...(server
      ? [
          { measure: 'server start-up, process spawn to serving (npm start), s', value: +server.startSeconds.toFixed(1), target: '-', verdict: '-' },
          { measure: 'claims over HTTP (signed POST /v1/claims/verify, deep batch), median ms', value: +server.claimsHttp.medianMs.toFixed(2), target: '<= 50 ms', verdict: verdict(server.claimsHttp.medianMs <= 50) },
          { measure: `server RSS after ${server.queries + server.claimsHttp.samples} requests, MB`, value: Math.round(server.rssMB), target: '<= 300 MB', verdict: verdict(server.rssMB <= 300) },
          { measure: 'server peak RSS (VmHWM), MB', value: Math.round(server.peakRssMB), target: '-', verdict: '-' },
        ]
      : []),
  ];
  const partial = values['skip-replay'] || values['skip-server'];
  writeResult(`${atScale ? 'national-scale' : `national-scale-${ENTRIES}`}${partial ? '-partial' : ''}`, rows, {
    entries: ENTRIES,
    command: commandLine('bench/national-scale.ts', process.env.NODE_OPTIONS ? `NODE_OPTIONS=${process.env.NODE_OPTIONS} ` : ''),
    participants: filled.year.participants.length,
    deepBatch: { id: deep, ancestorEntries: provenanceTiming.lineage },
    fill: filled.fill ? { ...filled.fill, reusedStore: filled.reused } : undefined,
    inclusion,
    consistency,
    claims: claimTiming,
    provenance: provenanceTiming,
    replay: { mainThread: replayOne, threadPool: replayPool, threadPoolWithIndexes: replayIndexed, costPerEntryOnOneCore: breakdown },
    store: { bytes: storeBytes, bytesPerEntry },
    server,
    note: 'loopback only, one machine: the bench, LevelDB compaction and the server share its cores with whatever else runs, so figures are noisy',
  });
} finally {
  if (!values.dir) rmSync(dir, { recursive: true, force: true });
}
