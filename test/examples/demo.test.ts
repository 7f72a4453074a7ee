import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The README's first command must keep working: run the demo to the end on a free port. */
it('runs the README demo to the end, telling each user the right figures', { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tally-demo-test-'));
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/demo/main.ts', '--port', '0', '--data-dir', dataDir, '--exit'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    // SPEC section 4's worked example, as the rod mill sees it.
    expect(run.stdout).toContain('recycled >= 60.0000% (actual 68.1818%)');
    expect(run.stdout).toContain('home-recycled >= 60.0000% (actual 54.5454%)');
    expect(run.stdout).toContain('above the 60% single-country line: CL');
    expect(run.stdout).toMatch(/exported 300 t \(TR 300 t/);
    expect(run.stdout).toMatch(/relabelled as scrap is refused: bundle_/);
    expect(run.stdout).toMatch(/entries replayed in .* matches the signed checkpoint/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
