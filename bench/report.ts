import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Prints a table and writes bench/results/<name>.json with the machine it ran on. */
export function writeResult(name: string, rows: Array<Record<string, string | number>>, extra: Record<string, unknown> = {}): void {
  console.log(`\n${name}`);
  console.table(rows);
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const result = {
    name,
    at: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    rows,
    ...extra,
  };
  writeFileSync(new URL(`${name}.json`, dir), JSON.stringify(result, null, 2) + '\n');
}

/**
 * The command that produced a result, for its JSON: `script` and this process's arguments, with
 * the values of `--dir` and `--kept` written as `<dir>` (a machine's path has no place in a
 * committed result).
 */
const PATH_FLAGS = ['--dir', '--kept'];

export function commandLine(script: string, prefix = ''): string {
  const args = process.argv.slice(2).map((arg, i, all) => {
    if (PATH_FLAGS.includes(all[i - 1]!)) return '<dir>';
    const flag = PATH_FLAGS.find((f) => arg.startsWith(`${f}=`));
    return flag ? `${flag}=<dir>` : arg;
  });
  return `${prefix}npx tsx ${script} ${args.join(' ')}`.trim();
}
