import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { readConfig } from '../../api/config.js';

/**
 * `npm start` lowers every thread but the request thread (api/helper-threads.ts). Checked in a
 * child process of its own: the test's process keeps its priorities.
 */
const hasProc = existsSync('/proc/self/task');
const helperThreads = fileURLToPath(new URL('../../api/helper-threads.ts', import.meta.url));

/** Runs lowerHelperThreads(by) in a fresh Node with its thread pool and a worker running. */
function lowerInChild(by: number): { lowered: number; main: number; others: number[] } {
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import { pbkdf2 } from 'node:crypto';
    import { Worker } from 'node:worker_threads';
    const { lowerHelperThreads } = await import(${JSON.stringify(helperThreads)});
    // Start the libuv pool and a worker thread, so there are helpers to lower.
    await new Promise((resolve) => pbkdf2('x', 'y', 1, 32, 'sha256', resolve));
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    const lowered = lowerHelperThreads(${by});
    const nice = (tid) => { const s = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8'); return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]); };
    const others = readdirSync('/proc/self/task').filter((t) => Number(t) !== process.pid).map(nice);
    console.log(JSON.stringify({ lowered, main: nice(process.pid), others }));
    await worker.terminate();
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

it.skipIf(!hasProc)('lowers every thread but the main one by the given levels, and the main one not at all', () => {
  const base = lowerInChild(0);
  expect(base.lowered).toBe(0);
  const { lowered, main, others } = lowerInChild(10);
  expect(main).toBe(base.main);
  // The pool's four threads at least, a worker, V8's helpers: all of them ten levels down.
  expect(lowered).toBeGreaterThanOrEqual(5);
  expect(others.length).toBe(lowered);
  for (const nice of others) expect(nice).toBe(Math.min(19, base.main + 10));
});

it('reads TALLY_HELPER_THREAD_NICE: 10 unless set, 0 to leave the threads alone, 19 at most', () => {
  expect(readConfig({}).helperThreadNice).toBe(10);
  expect(readConfig({ TALLY_HELPER_THREAD_NICE: '0' }).helperThreadNice).toBe(0);
  expect(() => readConfig({ TALLY_HELPER_THREAD_NICE: '20' })).toThrow(/TALLY_HELPER_THREAD_NICE/);
  expect(() => readConfig({ TALLY_HELPER_THREAD_NICE: '-5' })).toThrow(/TALLY_HELPER_THREAD_NICE/);
});
