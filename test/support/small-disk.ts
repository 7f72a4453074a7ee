import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small real filesystem for fault tests: a tmpfs of `bytes` mounted on a fresh directory, when
 * this process may mount (root with CAP_SYS_ADMIN, as in CI). Undefined, with the reason, when it
 * may not: the caller then falls back to a backend that injects the fault.
 */
export function mountSmallDisk(bytes: number): { dir: string; unmount(): void } | { reason: string } {
  if (process.getuid?.() !== 0) return { reason: 'not running as root, so no tmpfs can be mounted' };
  const dir = mkdtempSync(join(tmpdir(), 'tally-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return { reason: `mount -t tmpfs failed: ${(err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message}` };
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
