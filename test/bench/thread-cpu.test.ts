import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { cpuPerEvent, threadCpu } from '../../bench/thread-cpu.js';

/** The ingest bench's CPU rows (bench/ingest-wrk.ts) read /proc; they must tell threads apart. */
const hasProc = existsSync(`/proc/${process.pid}/task`);

it.skipIf(!hasProc)('counts work on the main thread there, and work on another thread only in the whole', async () => {
  // Spins until the main thread has used 200 ms of CPU by its own count: on a loaded machine (CI
  // runs test files side by side) a wall-clock spin would get an unknown share of a core.
  const start = threadCpu(process.pid)!;
  const deadline = Date.now() + 20_000;
  let now = start;
  while (now.mainMs - start.mainMs < 200) {
    if (Date.now() > deadline) throw new Error('the main thread never showed 200 ms of CPU');
    now = threadCpu(process.pid)!;
  }
  expect(now.allMs - start.allMs).toBeGreaterThanOrEqual(now.mainMs - start.mainMs - 20);

  const worker = new Worker('const end = Date.now() + 600; while (Date.now() < end);', { eval: true });
  const beforeWorker = threadCpu(process.pid)!;
  await new Promise((resolve) => worker.once('exit', resolve));
  const afterWorker = threadCpu(process.pid)!;
  // The main thread only waited; the worker's spin shows in the whole, though the worker is gone.
  const main = afterWorker.mainMs - beforeWorker.mainMs;
  const all = afterWorker.allMs - beforeWorker.allMs;
  expect(all).toBeGreaterThan(100);
  expect(all - main).toBeGreaterThan(100);
});

it('gives CPU per event between two readings, and nothing without both', () => {
  expect(cpuPerEvent({ mainMs: 10, allMs: 20 }, { mainMs: 30, allMs: 60 }, 100)).toEqual({ mainUs: 200, allUs: 400 });
  expect(cpuPerEvent(undefined, { mainMs: 1, allMs: 1 }, 10)).toBeUndefined();
  expect(cpuPerEvent({ mainMs: 1, allMs: 1 }, { mainMs: 2, allMs: 2 }, 0)).toBeUndefined();
  expect(threadCpu(-1)).toBeUndefined();
});
