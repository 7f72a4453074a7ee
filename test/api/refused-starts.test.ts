import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, openSync, rmSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { readConfig } from '../../api/config.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { mountSmallDisk } from '../support/small-disk.js';

/**
 * Fault 2 of the trust issue: a server that cannot start says why, with its own code, and leaves
 * the data directory as it found it. Each case runs the real server (`api/main.ts`, what
 * `npm start` runs) as a child process on 127.0.0.1 and reads its exit code and stderr; stores
 * are prepared by a server in this process, which is quicker to start.
 */

const mainScript = fileURLToPath(new URL('../../api/main.ts', import.meta.url));
const registrar = toBase64Url(generateKeyPair().publicKey);
const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

interface Started {
  child: ChildProcess;
  exited: Promise<{ code: number | null; stderr: string }>;
}

function startProcess(dataDir: string, env: Record<string, string> = {}): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TALLY_DATA_DIR: dataDir, TALLY_REGISTRAR_KEY: registrar, TALLY_ORIGIN: 'starts.test/log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A start that is not refused listens; it is killed by the timeout in refusedStart.
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
  return { child, exited };
}

/** Starts a server that must be refused; returns its stderr. */
async function refusedStart(dataDir: string, env: Record<string, string> = {}): Promise<string> {
  const started = startProcess(dataDir, env);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), 20_000);
  const { code, stderr } = await started.exited;
  clearTimeout(timer);
  expect(code, stderr).toBe(1);
  return stderr;
}

/** A server in this process on `dataDir` with the children's settings (quicker to start than a child). */
function serveHere(dataDir: string): Promise<RunningServer> {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', TALLY_DATA_DIR: dataDir, TALLY_REGISTRAR_KEY: registrar, TALLY_ORIGIN: 'starts.test/log' });
  return startServer(config, () => {});
}

/** Creates a ledger in `dataDir` (a server starts on it and stops). */
async function createStore(dataDir: string): Promise<void> {
  await (await serveHere(dataDir)).close();
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tally-starts-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('a refused start says why', { timeout: 60_000 }, () => {
  it('a second server on the same data directory: store_locked, and the first keeps serving', async () => {
    const dir = freshDir();
    const first = await serveHere(dir);
    try {
      const stderr = await refusedStart(dir);
      expect(stderr).toMatch(/\[store_locked\].*second server/);
      expect(stderr).not.toContain('LEVEL_DATABASE_NOT_OPEN');
      expect((await fetch(`${first.url}/v1/log`)).status).toBe(200);
    } finally {
      await first.close();
    }
  });

  it('a missing log-key.json beside an existing store: log_key_missing, and no new key is written', async () => {
    const dir = freshDir();
    await createStore(dir);
    unlinkSync(join(dir, 'log-key.json'));
    const stderr = await refusedStart(dir);
    expect(stderr).toMatch(/\[log_key_missing\].*restore the log key/);
    expect(stderr).not.toContain('store_corrupt');
    expect(existsSync(join(dir, 'log-key.json'))).toBe(false);
  });

  it('a changed TALLY_ORIGIN: store_config_mismatch naming the setting, not store_corrupt', async () => {
    const dir = freshDir();
    await createStore(dir);
    const stderr = await refusedStart(dir, { TALLY_ORIGIN: 'other.test/log' });
    expect(stderr).toMatch(/\[store_config_mismatch\].*TALLY_ORIGIN/);
    expect(stderr).not.toContain('store_corrupt');
  });

  it.each(['a+b', 'a b'])('an origin that is no signed-note key name (%j): config_invalid', async (origin) => {
    const dir = freshDir();
    const stderr = await refusedStart(dir, { TALLY_ORIGIN: origin });
    expect(stderr).toMatch(/\[config_invalid\].*TALLY_ORIGIN/);
    expect(existsSync(join(dir, 'store')), 'nothing was created').toBe(false);
  });

  it('a read-only data directory: store_read_only', async () => {
    if (process.getuid?.() === 0) {
      // Root ignores file modes: make the file system itself read-only.
      const disk = mountSmallDisk(8 * 1024 * 1024);
      if ('reason' in disk) {
        console.log(`refused-starts: SKIPPED the read-only case (${disk.reason})`);
        return;
      }
      cleanups.push(() => disk.unmount());
      const dir = join(disk.dir, 'data');
      await createStore(dir);
      execFileSync('mount', ['-o', 'remount,ro', disk.dir]);
      const stderr = await refusedStart(dir);
      expect(stderr).toMatch(/\[store_read_only\].*read-only/i);
      console.log('refused-starts: read-only case ran on a tmpfs remounted read-only');
    } else {
      const dir = freshDir();
      await createStore(dir);
      const modes = (mode: number) => {
        for (const path of [join(dir, 'store'), dir]) chmodSync(path, mode);
      };
      modes(0o555);
      cleanups.unshift(() => modes(0o755));
      const stderr = await refusedStart(dir);
      expect(stderr).toMatch(/\[store_read_only\]/);
      console.log('refused-starts: read-only case ran on a directory of mode 0555');
    }
  });

  it('a full disk: store_disk_full', async () => {
    const disk = mountSmallDisk(4 * 1024 * 1024);
    if ('reason' in disk) {
      console.log(`refused-starts: SKIPPED the full-disk case (${disk.reason})`);
      return;
    }
    cleanups.push(() => disk.unmount());
    const dir = join(disk.dir, 'data');
    await createStore(dir);
    fillUp(join(disk.dir, 'ballast'));
    const stderr = await refusedStart(dir);
    expect(stderr).toMatch(/\[store_disk_full\].*no space left/i);
  });

  it('a full disk before genesis: store_disk_full too', async () => {
    const disk = mountSmallDisk(4 * 1024 * 1024);
    if ('reason' in disk) {
      console.log(`refused-starts: SKIPPED the full-disk genesis case (${disk.reason})`);
      return;
    }
    cleanups.push(() => disk.unmount());
    fillUp(join(disk.dir, 'ballast'));
    const stderr = await refusedStart(join(disk.dir, 'data'));
    expect(stderr).toMatch(/\[store_disk_full\]/);
  });
});

/** Writes `path` until its file system has no byte left. */
function fillUp(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOSPC') throw err;
  }
  // The last partial chunk: fill the final bytes too.
  try {
    for (;;) writeSync(fd, chunk, 0, 512);
  } catch {
    /* full */
  }
  closeSync(fd);
}
