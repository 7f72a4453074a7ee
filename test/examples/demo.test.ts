import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The demo's data directories under `tmp` (tsx keeps its own cache there too). */
function demoDirs(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => name.startsWith('tally-demo-'));
}

/** Runs the demo with its own TMPDIR, so what it leaves behind (or not) can be seen. */
function demo(args: string[], tmp: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'examples/demo/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 110_000,
    env: { ...process.env, TMPDIR: tmp },
  });
}

/** The README's first command must keep working: run the demo to the end on a free port. */
it('runs the README demo to the end, telling each user the right figures, and leaves no temp dir (keys included)', { timeout: 120_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tally-demo-test-'));
  try {
    const run = demo(['--port', '0', '--exit'], tmp);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    // SPEC section 4's worked example, as the rod mill sees it.
    expect(run.stdout).toContain('recycled >= 60.0000% (actual 68.1818%)');
    expect(run.stdout).toContain('home-recycled >= 60.0000% (actual 54.5454%)');
    expect(run.stdout).toContain('above the 60% single-country line: CL');
    expect(run.stdout).toMatch(/exported 300 t \(TR 300 t/);
    // Constituents (SPEC 4.1): the brass's copper, and the cells' Article 8 lines worked by hand.
    expect(run.stdout).toContain('recycled copper >= 100.0000% (actual 100.0000%)');
    expect(run.stdout).toContain('2031 cobalt: 19.1919% recycled, line 16.0000%');
    expect(run.stdout).toMatch(/✘ misses\s+2036 cobalt: 19\.1919% recycled, line 26\.0000%/);
    expect(run.stdout).toContain('2036 nickel: 24.0506% recycled, line 15.0000%');
    expect(run.stdout).toContain('cobalt: UK-origin scrap registered 15 t; processed in the UK 10 t; exported 5 t (KR 5 t; as scrap 5 t');
    expect(run.stdout).toMatch(/relabelled as scrap is refused: bundle_/);
    expect(run.stdout).toMatch(/entries replayed in .* matches the signed checkpoint/);
    expect(run.stdout).toMatch(/LevelDB in .*tally-demo-/);
    expect(demoDirs(tmp)).toEqual([]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

it('refuses a busy port with the reason and exit 1, as npm start does, and cleans up', { timeout: 60_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tally-demo-busy-'));
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const port = String((blocker.address() as { port: number }).port);
    const run = demo(['--port', port, '--exit'], tmp);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`demo: cannot start: [EADDRINUSE] port ${port} on 127.0.0.1 is already in use`);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(demoDirs(tmp)).toEqual([]);
    // --keep keeps the directory and says where it is.
    const kept = demo(['--port', port, '--exit', '--keep'], tmp);
    expect(kept.status).toBe(1);
    expect(kept.stdout).toContain('The data directory is kept:');
    expect(demoDirs(tmp)).toHaveLength(1);
  } finally {
    blocker.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
