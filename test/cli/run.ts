import { vi } from 'vitest';
import { main } from '../../sdk/cli/main.js';

/** Runs `tally <args>` in-process and captures what it prints (stdout and stderr) and its exit code. */
export async function tally(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts) => void err.push(parts.join(' ')));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** As {@link tally}, with stdout and stderr in one stream, in the order they were printed. */
export async function tallyOneStream(...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts) => void out.push(parts.join(' ')));
  try {
    return { code: await main(args), out: out.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** Points the CLI at a profile of the test's own, never the user's, and clears TALLY_* settings. */
export function isolateProfile(path: string): void {
  process.env.TALLY_PROFILE = path;
  for (const name of ['TALLY_URL', 'TALLY_KEY', 'TALLY_AS', 'TALLY_LOG_KEY']) delete process.env[name];
}
