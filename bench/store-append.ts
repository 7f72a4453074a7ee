/**
 * Append rate of the store alone (no HTTP): durable, grouped submissions through the ledger's
 * append pipeline on LevelDB, against raw LevelDB durable batches of the same shape written in
 * the same run. Prints a table and writes bench/results/store-append.json.
 *
 *   npx tsx bench/store-append.ts [--events 20000] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Ledger } from '../ledger/store/ledger.js';
import { LevelBackend } from '../ledger/store/level-backend.js';
import { NodeVerifier } from '../ledger/store/node-verifier.js';
import { nodeSigner } from '../ledger/store/node-signer.js';
import { benchKeys, registerRecycler, scrapRegistrations } from './fixtures.js';
import { median, writeResult } from './report.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' } } });
const EVENTS = Number(values.events);
const ROUNDS = Number(values.rounds);

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-bench-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Raw LevelDB: batches of 1000 entries, each with the puts an append makes, written durably. */
async function rawLevelRate(): Promise<number> {
  return withDir(async (dir) => {
    const kv = await LevelBackend.open(dir);
    const value = 'x'.repeat(700);
    const started = performance.now();
    for (let i = 0; i < EVENTS; i += 1000) {
      const puts: Array<[string, string]> = [];
      for (let j = i; j < i + 1000; j++) {
        const k = j.toString(16).padStart(16, '0');
        puts.push([`log/e/${k}`, value], [`log/h/00/${k}`, 'f'.repeat(64)], [`b/bench-${j}`, value.slice(0, 400)], [`ib/bench-${j}/${k}`, '"r"'], [`log/x/e${j}`, value.slice(0, 120)]);
      }
      await kv.write(puts);
    }
    const rate = EVENTS / ((performance.now() - started) / 1000);
    await kv.close();
    return rate;
  });
}

/** The ledger's pipeline with `inFlight` submissions outstanding at any time. */
async function ledgerRate(inFlight: number, count: number): Promise<{ rate: number; batches: number }> {
  return withDir(async (dir) => {
    const keys = benchKeys();
    const verifier = new NodeVerifier();
    const ledger = await Ledger.open(await LevelBackend.open(dir), {
      origin: keys.origin,
      homeCountry: 'GB',
      logKey: keys.logKey,
      registrar: { publicKey: keys.registrar.publicKey },
      verify: verifier.verify,
      preverify: (sig, msg, pub) => verifier.check(sig, msg, pub),
      sign: nodeSigner(keys.logKey.secretKey),
    });
    await ledger.submit(registerRecycler(keys));
    const events = scrapRegistrations(keys, count, `c${inFlight}`);
    const before = ledger.size;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < events.length) await ledger.submit(events[next++]!);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (ledger.size - before !== count) throw new Error(`appended ${ledger.size - before} of ${count}`);
    await ledger.close();
    return { rate: count / seconds, batches: 0 };
  });
}

const raw: number[] = [];
const byConcurrency = new Map<number, number[]>();
const CONCURRENCY = [1, 64, 1024];
for (let round = 0; round < ROUNDS; round++) {
  raw.push(await rawLevelRate());
  for (const c of CONCURRENCY) {
    const count = c === 1 ? Math.min(EVENTS, 2000) : EVENTS;
    const { rate } = await ledgerRate(c, count);
    byConcurrency.set(c, [...(byConcurrency.get(c) ?? []), rate]);
  }
}

const rawMedian = median(raw);
const rows = [
  { what: 'raw LevelDB durable batches of 1000 (baseline)', 'entries/s (median)': Math.round(rawMedian), 'ratio to baseline': 1 },
  ...CONCURRENCY.map((c) => {
    const m = median(byConcurrency.get(c)!);
    return { what: `ledger append, ${c} in flight (durable, grouped)`, 'entries/s (median)': Math.round(m), 'ratio to baseline': Number((m / rawMedian).toFixed(3)) };
  }),
];
writeResult('store-append', rows, { events: EVENTS, rounds: ROUNDS, samples: { raw, ...Object.fromEntries(byConcurrency) } });
