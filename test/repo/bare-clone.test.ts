import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The repository stands alone: its committed HEAD, cloned into an empty directory with nothing
 * beside it, has every file its tests read. CI (.ci/run) runs the whole `npm ci && npm test` in
 * such a clone; this test is the quick guard while working: it clones HEAD, lends the clone this
 * checkout's node_modules (so no install), and runs there the tests that read files (vectors,
 * example files, the contract) there. Inside CI's clone it skips: the whole suite is already
 * running in a bare clone.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const isGitCheckout = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() === 'true';
const inCiClone = process.env.TALLY_BARE_CLONE === '1';
if (!isGitCheckout) console.log('bare-clone test skipped: not a git checkout (nothing to clone)');
if (inCiClone) console.log('bare-clone test skipped: this run is itself in a bare clone (.ci/run)');

it.skipIf(!isGitCheckout || inCiClone)('a clone of HEAD into an empty directory passes the tests that read files', { timeout: 240_000 }, () => {
  const empty = mkdtempSync(join(tmpdir(), 'tally-bare-'));
  try {
    const clone = join(empty, 'tally');
    execFileSync('git', ['clone', '--quiet', '--no-local', '--no-hardlinks', ROOT, clone]);
    expect(readdirSync(empty)).toEqual(['tally']); // nothing beside it
    expect(existsSync(join(clone, 'test/vectors/rfc6962/tree.json'))).toBe(true);
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const files = ['test/ledger/merkle/rfc6962-vectors.test.ts', 'test/ledger/merkle/tree.test.ts', 'test/ledger/crypto/speccheck.test.ts', 'test/examples/event-files.test.ts', 'test/api/openapi-fresh.test.ts'];
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', ...files], { cwd: clone, encoding: 'utf8', timeout: 200_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/skipped/i);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
