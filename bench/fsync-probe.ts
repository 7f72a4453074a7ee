import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './report.js';

/**
 * Median milliseconds of one 4 KiB write + fdatasync in `dir`: what one durable group commit costs
 * the disk at least. With C connections each waiting for its 201, no durable server exceeds
 * C / this per second, so it bounds the low-concurrency ingest figure on a given disk.
 */
export function fsyncMillis(dir: string, samples = 100): number {
  const path = join(dir, 'fsync-probe');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(4096, 1);
  const ms: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      writeSync(fd, block);
      fdatasyncSync(fd);
      ms.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return median(ms);
}
