import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { buildCli } from '../../sdk/build.js';

/**
 * Runs the walkthrough of examples/README.md as a newcomer would: every ```sh block of its
 * walkthrough section, in order, in an empty directory, with `tally` on the PATH. The block
 * that starts the server (`npm start`) runs in the background, as in its own terminal.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'examples/README.md'), 'utf8');

function shellBlocks(markdown: string): string[] {
  const section = markdown.slice(markdown.indexOf('## Walkthrough'));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitUntilReady(url: string, server: { output: () => string }): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not become ready:\n${server.output()}`);
}

it('runs the recycler-to-manufacturer walkthrough of examples/README.md', { timeout: 180_000 }, async () => {
  const blocks = shellBlocks(README);
  const serverIndex = blocks.findIndex((b) => /\bnpm start\b/.test(b));
  expect(blocks.length).toBeGreaterThan(5);
  expect(serverIndex).toBeGreaterThan(0);

  const dir = mkdtempSync(join(tmpdir(), 'tally-walkthrough-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  // `tally` is the CLI as the SDK package ships it (one bundled file: about 0.3 s a command against
  // 1.3 s through tsx, and the walkthrough runs some thirty); `npm start` is the start script.
  await buildCli(join(bin, 'tally'), { bundleDependencies: true });
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\n[ "$1" = start ] || exit 64\nexec "${join(ROOT, 'node_modules/.bin/tsx')}" "${join(ROOT, 'api/main.ts')}"\n`);
  chmodSync(join(bin, 'npm'), 0o755);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, PORT: String(port), HOST: '127.0.0.1', TALLY_URL: url };
  for (const name of ['TALLY_KEY', 'TALLY_AS', 'TALLY_LOG_KEY', 'TALLY_PROFILE']) delete env[name];
  env.XDG_CONFIG_HOME = join(dir, '.config');
  const bash = (script: string) => spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });

  const before = bash(blocks.slice(0, serverIndex).join('\n'));
  expect(before.status, before.stderr).toBe(0);

  // The server block, in the background as in its own terminal.
  let serverOutput = '';
  const server = spawn('bash', ['-euo', 'pipefail', '-c', blocks[serverIndex]!], { cwd: dir, env, detached: true });
  server.stdout.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  server.stderr.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  const serverClosed = new Promise((resolve) => server.once('close', resolve));
  try {
    await waitUntilReady(url, { output: () => serverOutput });
    expect(serverOutput).not.toContain('WARNING'); // the registrar key stayed off the server
    const run = bash(blocks.slice(serverIndex + 1).join('\n'));
    const out = run.stdout;
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(out).toContain('appended participant.register');
    expect(out).toMatch(/appended batch\.register \S+ as entry \d+\n {2}cu-birch-0907: 12\.5 t of copper scrap, post-consumer from GB/);
    expect(out).toContain('(already in the log: an identical resubmission, nothing appended)');
    expect(out).toMatch(/cu-birch-0907: received 12\.46 t, 0\.04 t lost in transit/);
    expect(out).toMatch(/2 batches of midlands-rod\ncu-birch-0907 +12\.46 t +copper scrap +active +midlands-rod at walsall\ncu-cathode-cl-77 +7 t/);
    expect(out).toMatch(/-> cu-rod-8mm-1 19\.2 t copper rod \(0\.26 t process loss\)/);
    expect(out).toMatch(/HOLDS {2}recycled >= 60\.0000%: 64\.0287%/);
    expect(out).toMatch(/HOLDS {2}home-origin >= 60\.0000%: 64\.0287%/);
    expect(out).toContain('HOLDS  home-processed');
    expect(out).toMatch(/cu-rod-8mm-1 .*\n[├└]─ transform @\d+ cu-birch-0907/);
    expect(out).toContain('VALID bundle for cu-rod-8mm-1');
    expect(out).toContain('INCONCLUSIVE not-exported');
    expect(out).toMatch(/stayed at home +12\.5 t +100\.0000% stayed at home/);
    expect(out).toMatch(/copper: received 31\.66 t, recycled \d+\.\d{4}% \(meets the recycled line\)/);
    // The profile tally login wrote is the owner's alone.
    expect(statSync(join(dir, 'cables.profile.json')).mode & 0o777).toBe(0o600);
    // What the README says to expect is what the commands printed.
    expect(README).toContain('64.0287% recycled and 64.0287% UK-origin');
  } finally {
    process.kill(-server.pid!, 'SIGTERM');
    await serverClosed;
    rmSync(dir, { recursive: true, force: true });
  }
});
