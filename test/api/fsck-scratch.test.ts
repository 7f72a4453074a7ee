import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeScratchDir, SCRATCH_PREFIX, sweepStaleScratch } from '../../api/fsck-scratch.js';

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'tally-scratch-parent-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

/** The id of a process that has exited (reused by another only in the unlikely case the system wraps). */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', '']);
  return run.pid!;
}

/** A scratch directory as a killed fsck leaves it: its owner file and a LevelDB's files. */
function leftBehind(name: string, owner: unknown): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  if (owner !== undefined) writeFileSync(join(dir, 'owner.json'), typeof owner === 'string' ? owner : JSON.stringify(owner));
  writeFileSync(join(dir, '000005.ldb'), Buffer.alloc(4096));
  return dir;
}

it('records the host and process that own a scratch directory it makes', () => {
  const dir = makeScratchDir(parent);
  expect(dir.startsWith(join(parent, SCRATCH_PREFIX))).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8'))).toEqual({ host: hostname(), pid: process.pid });
  expect(sweepStaleScratch(parent), 'its own directory is not stale').toEqual([]);
  expect(existsSync(dir)).toBe(true);
});

it('removes only the directories of fsck processes of this host that no longer run', () => {
  const dead = leftBehind(`${SCRATCH_PREFIX}dead`, { host: hostname(), pid: deadPid() });
  const live = leftBehind(`${SCRATCH_PREFIX}live`, { host: hostname(), pid: process.ppid });
  const otherHost = leftBehind(`${SCRATCH_PREFIX}elsewhere`, { host: `${hostname()}-other`, pid: deadPid() });
  const beingMade = leftBehind(`${SCRATCH_PREFIX}new`, undefined);
  const garbled = leftBehind(`${SCRATCH_PREFIX}garbled`, '{"host":');
  const badPid = leftBehind(`${SCRATCH_PREFIX}badpid`, { host: hostname(), pid: -1 });
  const notOurs = leftBehind('somebody-else', { host: hostname(), pid: deadPid() });

  expect(sweepStaleScratch(parent)).toEqual([dead]);
  expect(existsSync(dead)).toBe(false);
  for (const kept of [live, otherHost, beingMade, garbled, badPid, notOurs]) expect(existsSync(kept), kept).toBe(true);
  expect(readdirSync(parent)).toHaveLength(6);
});

it('sweeps nothing, and does not throw, where the parent directory does not exist', () => {
  expect(sweepStaleScratch(join(parent, 'missing'))).toEqual([]);
});
