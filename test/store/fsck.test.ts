import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsck } from '../../ledger/store/fsck.js';
import type { KvBackend } from '../../ledger/store/backend.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { LOG_KEYS } from '../../ledger/store/log-layout.js';
import { NodeVerifier } from '../../ledger/store/node-verifier.js';
import { TAIL_CHECKED } from '../../ledger/store/recovery.js';
import { deliver, registerBatch, registerParticipant } from '../support/participants.js';
import { TestServer } from '../support/server.js';
import { mountSmallDisk } from '../support/small-disk.js';
import { until } from '../support/until.js';

/**
 * Fault 3 of the trust issue: the state is checked, not only the log. One flipped state key let a
 * server start and answer 404 for an existing batch. `tally fsck` replays the log into a fresh
 * state and names every key that differs; the start-up check stays cheap (it reads the head, the
 * frontier and the last entries), so what only a full replay can see is fsck's (and the optional
 * background check's) to find.
 */

const tallyBin = fileURLToPath(new URL('../../bin/tally.js', import.meta.url));
const verify = new NodeVerifier().verify;
let server: TestServer;
/** A disk too small for this log's scratch store (its derived keys alone are larger). */
const SMALL_DISK_BYTES = 16 * 1024;
/** Where the CLI is told to make its scratch store, so a test can see that none is left behind. */
let scratchParent: string;

beforeAll(async () => {
  scratchParent = mkdtempSync(join(tmpdir(), 'tally-fsck-scratch-'));
  server = await TestServer.start();
  const recycler = await registerParticipant(server, 'sheffield-recycling', ['recycler'], 'GB', [['yard', 'GB']]);
  const mill = await registerParticipant(server, 'midlands-rod', ['processor'], 'GB', [['walsall', 'GB']]);
  for (let i = 0; i < 3; i++) await registerBatch(server, recycler, { id: `cu-${i}`, massG: 1_000_000 + i, site: 'yard' });
  await deliver(server, recycler, 'cu-0', mill, 'walsall', 1_000_000);
  // Enough later entries that the first ones lie beyond the start-up check's tail.
  for (let i = 0; i < TAIL_CHECKED + 4; i++) await registerParticipant(server, `filler-${i}`, ['recycler']);
  await server.stop();
}, 60_000);
afterAll(async () => {
  await server.close();
  rmSync(scratchParent, { recursive: true, force: true });
});

const storeDir = () => join(server.config.dataDir, 'store');

/** fsck with its scratch store in memory. */
const fsckInMemory = (backend: KvBackend) => fsck(backend, { verify, scratch: new MemoryBackend() });

/** Runs `fn` on the stopped server's store, then closes it. */
async function withStore<T>(fn: (backend: LevelBackend) => Promise<T>): Promise<T> {
  const backend = await LevelBackend.open(storeDir());
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

async function tallyFsck(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tallyBin, 'fsck', ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('tally fsck', { timeout: 60_000 }, () => {
  it('passes a sound store (exit 0), comparing every key', async () => {
    const { code, stdout } = await tallyFsck(server.config.dataDir, '--scratch', scratchParent);
    expect(code, stdout).toBe(0);
    expect(readdirSync(scratchParent), 'the scratch store is removed').toEqual([]);
    expect(stdout).toMatch(/^OK: replayed \d+ entries/);
    const report = await withStore((b) => fsckInMemory(b));
    expect(report).toMatchObject({ ok: true, problemCount: 0 });
    expect(report.keysCompared).toBeGreaterThan(report.entries * 3);
  });

  it('names a flipped batch state key (exit 1), while the server still starts', async () => {
    const original = await withStore((b) => b.get('b/cu-1'));
    await withStore((b) => b.write([['b/cu-1', original!.replace('"massG":1000001', '"massG":1000009')]]));
    try {
      const { code, stdout } = await tallyFsck(server.config.dataDir, '--scratch', scratchParent);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^BAD: different b\/cu-1: stored .*"massG":1000009/);
      expect(readdirSync(scratchParent)).toEqual([]);
      // The start-up check reads the head, the frontier and the last entries only: it cannot see this.
      await server.restart();
      expect((await server.get('/readyz')).status).toBe(200);
      await server.stop();
    } finally {
      await withStore((b) => b.write([['b/cu-1', original!]]));
    }
  });

  it('names missing and extra keys, in both directions', async () => {
    const index = await withStore(async (b) => {
      for await (const [key] of b.scan({ gte: 'ib/cu-2/', lt: 'ib/cu-2/\uffff' })) return key;
      return undefined;
    });
    expect(index).toBeDefined();
    const value = (await withStore((b) => b.get(index!)))!;
    const lost = await withStore(async (b) => {
      // The backend has no delete: rebuild the store without the key.
      const all: Array<[string, string]> = [];
      for await (const kv of b.scan({ gte: '' })) if (kv[0] !== index) all.push(kv);
      return all;
    });
    const { rm } = await import('node:fs/promises');
    await rm(storeDir(), { recursive: true });
    await withStore((b) => b.write([...lost, ['b/ghost', '{"id":"ghost"}']]));
    try {
      const report = await withStore((b) => fsckInMemory(b));
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'extra', key: 'b/ghost' }), expect.objectContaining({ kind: 'missing', key: index })]),
      );
      expect(report.problemCount).toBe(2);
    } finally {
      await rm(storeDir(), { recursive: true });
      await withStore((b) => b.write([...lost, [index!, value]]));
    }
    expect((await withStore((b) => fsckInMemory(b))).ok).toBe(true);
  });

  it('names an entry altered deep in the log, which the cheap start-up check cannot see, and the background check stops serving', async () => {
    const key = LOG_KEYS.entry(2);
    const original = (await withStore((b) => b.get(key)))!;
    const altered = original.replace('midlands-rod Ltd', 'midlands-roD Ltd');
    expect(altered).not.toBe(original);
    await withStore((b) => b.write([[key, altered]]));
    try {
      const { code, stdout } = await tallyFsck(server.config.dataDir);
      expect(code).toBe(1);
      expect(stdout).toMatch(/^BAD: entry log\/e\/0000000000000002: entry 2 .*bad_signature/);

      await server.restart();
      expect((await server.get('/readyz')).status, 'the cheap check lets it start').toBe(200);
      await server.stop();

      const checked = await TestServer.start({ dataDir: server.config.dataDir, backgroundCheck: true, registrarKey: server.registrar.key });
      try {
        await checked.ledger.backgroundCheck;
        const ready = await checked.get('/readyz');
        expect(ready.status).toBe(503);
        expect(ready.body).toMatchObject({ ready: false, state: 'halted', reason: expect.stringContaining('entry 2 was altered') });
        expect((await checked.get('/v1/log')).status).toBe(503);
      } finally {
        await checked.stop();
      }
    } finally {
      await withStore((b) => b.write([[key, original]]));
    }
  });

  it('stops without a verdict when its scratch disk fills (exit 1), and leaves no scratch store behind', async (ctx) => {
    const disk = mountSmallDisk(SMALL_DISK_BYTES);
    if ('reason' in disk) {
      console.log(`skipped: ${disk.reason}`);
      ctx.skip();
      return;
    }
    try {
      const { code, stdout, stderr } = await tallyFsck(server.config.dataDir, '--scratch', disk.dir);
      expect(code, stdout).toBe(1);
      expect(stdout).not.toMatch(/^(OK|BAD)/);
      expect(stderr).toMatch(/fsck stopped without a verdict: \[store_disk_full\]/);
      expect(readdirSync(disk.dir)).toEqual([]);
    } finally {
      disk.unmount();
    }
  });

  it('removes its scratch store when stopped by a signal', async () => {
    const child = spawn(process.execPath, [tallyBin, 'fsck', server.config.dataDir, '--scratch', scratchParent], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let ended = false;
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => ((ended = true), resolve(code))));
    // As soon as the scratch store exists: this log is short, so fsck may still finish first.
    await until(() => ended || readdirSync(scratchParent).length > 0, 10_000);
    child.kill('SIGTERM');
    const code = await exited;
    expect([0, 130]).toContain(code);
    if (code === 130) expect(stderr).toContain('fsck interrupted, without a verdict; its scratch store is removed');
    expect(readdirSync(scratchParent)).toEqual([]);
  });

  it('removes, on its next run, the scratch store of an fsck killed with SIGKILL (no handler runs)', async () => {
    const child = spawn(process.execPath, [tallyBin, 'fsck', server.config.dataDir, '--scratch', scratchParent], { stdio: 'ignore' });
    let ended = false;
    const exited = new Promise<void>((resolve) => child.on('exit', () => ((ended = true), resolve())));
    // Once its LevelDB has files: the directory is then as a killed fsck leaves it.
    const holdsLevelDb = (dir: string) => {
      try {
        return readdirSync(dir).some((f) => f.endsWith('.log'));
      } catch {
        return false; // removed meanwhile: the fsck finished first
      }
    };
    const leftBehind = () => readdirSync(scratchParent).filter((name) => holdsLevelDb(join(scratchParent, name)));
    await until(() => ended || leftBehind().length > 0, 10_000);
    child.kill('SIGKILL');
    await exited;
    // This log is short, so the killed fsck may have finished first: one left by a process that
    // has exited is planted too, so the sweep is always exercised.
    const planted = join(scratchParent, 'tally-fsck-planted');
    mkdirSync(planted);
    writeFileSync(join(planted, 'owner.json'), JSON.stringify({ host: hostname(), pid: spawnSync(process.execPath, ['-e', '']).pid }));
    const stale = readdirSync(scratchParent);
    const { code, stderr } = await tallyFsck(server.config.dataDir, '--scratch', scratchParent);
    expect(code).toBe(0);
    for (const name of stale) expect(stderr).toContain(`removed ${join(scratchParent, name)}, the scratch store of an fsck that was killed`);
    expect(readdirSync(scratchParent)).toEqual([]);
  });

  it('says why it cannot check a store a server holds open', async () => {
    await server.restart();
    try {
      const { code, stderr } = await tallyFsck(server.config.dataDir);
      expect(code).toBe(1);
      expect(stderr).toContain('[store_locked]');
    } finally {
      await server.stop();
    }
  });
});
