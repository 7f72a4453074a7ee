import { fillStore } from './national/fill.js';

/** The replay bench's log, as an auditor receives it: each entry's leaf JSON, and what pins them. */
export interface ReplayBenchLog {
  texts: string[];
  checkpoint: string;
  logKey: string;
}

/**
 * The generated log the replay benches share (bench/replay.ts, bench/rules-instructions.ts), so
 * their figures describe the same entries: filled into `dir`, or read back from a store kept there
 * with `entries` entries.
 */
export async function replayBenchLog(dir: string, entries: number): Promise<ReplayBenchLog> {
  const { ledger } = await fillStore({ dir, entries, seed: 'replay-bench', origin: 'localhost/tally', participants: 120, ancestorEntries: Math.min(2000, Math.floor(entries / 10)), inFlight: 1024 });
  const texts: string[] = [];
  for (let from = 0; from < ledger.size; from += 1000) texts.push(...(await ledger.entries(from, 1000)).map((e) => JSON.stringify(e)));
  const log = { texts, checkpoint: ledger.checkpoint, logKey: ledger.info.logKey };
  await ledger.close();
  return log;
}
