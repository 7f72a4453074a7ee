import { fillStore, type FilledStore } from './national/fill.js';

/** The replay bench's log, as an auditor receives it: each entry's leaf JSON, and what pins them. */
export interface ReplayBenchLog {
  texts: string[];
  checkpoint: string;
  logKey: string;
}

/**
 * The generated store the replay benches share (bench/replay.ts, bench/replay-served.ts,
 * bench/rules-instructions.ts), so their figures describe the same entries: filled into `dir`,
 * or opened again where a store of `entries` entries is kept there.
 */
export function replayBenchStore(dir: string, entries: number): Promise<FilledStore> {
  return fillStore({ dir, entries, seed: 'replay-bench', origin: 'localhost/tally', participants: 120, ancestorEntries: Math.min(2000, Math.floor(entries / 10)), inFlight: 1024 });
}

/** Every entry of `filled` as its leaf JSON, with the checkpoint and log key; closes its ledger. */
export async function readBenchLog({ ledger }: FilledStore): Promise<ReplayBenchLog> {
  const texts: string[] = [];
  for (let from = 0; from < ledger.size; from += 1000) texts.push(...(await ledger.entries(from, 1000)).map((e) => JSON.stringify(e)));
  const log = { texts, checkpoint: ledger.checkpoint, logKey: ledger.info.logKey };
  await ledger.close();
  return log;
}

/** The shared log (see replayBenchStore), read into memory. */
export async function replayBenchLog(dir: string, entries: number): Promise<ReplayBenchLog> {
  return readBenchLog(await replayBenchStore(dir, entries));
}
