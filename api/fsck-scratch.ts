import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Every scratch directory fsck makes is named so; a sweep looks at no other name. */
export const SCRATCH_PREFIX = 'tally-fsck-';
/** The file inside a scratch directory that names the process using it. */
const OWNER_FILE = 'owner.json';

interface Owner {
  host: string;
  pid: number;
}

/**
 * Makes a scratch directory under `parent` and records in it which process owns it, so that a
 * later fsck can tell a directory left by one that was killed (SIGKILL, a power cut: no handler
 * runs, and the directory is as large as the log's derived state) from one still in use.
 */
export function makeScratchDir(parent: string): string {
  const dir = mkdtempSync(join(parent, SCRATCH_PREFIX));
  const owner: Owner = { host: hostname(), pid: process.pid };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

/**
 * Removes the scratch directories under `parent` whose owner is a process of this host that no
 * longer runs, and returns their paths. A directory is kept when there is any doubt: its owner
 * file missing or unreadable (a directory being made, or not fsck's), another host's (a shared
 * disk), or its process alive (a process id reused by another program keeps a dead one's
 * directory, which is the safe way to be wrong).
 */
export function sweepStaleScratch(parent: string): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = join(parent, name);
    const owner = readOwner(dir);
    if (owner === undefined || owner.host !== hostname() || owner.pid === process.pid || isRunning(owner.pid)) continue;
    try {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Not ours to remove after all (permissions): leave it.
    }
  }
  return removed;
}

function readOwner(dir: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    if (typeof owner.host === 'string' && Number.isSafeInteger(owner.pid) && owner.pid! > 0) return owner as Owner;
  } catch {
    // missing or not JSON
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
