import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The request log gathers lines for up to 20 ms (or 64 KiB) before a write to stdout: every line
 * still reaches stdout, soon, in order, and the lines pending when the process exits are written.
 */

const requestLog = fileURLToPath(new URL('../../api/request-log.ts', import.meta.url));

/** Runs `body` in a child with `stdoutSink` imported; resolves with each stdout line and when it arrived (ms from spawn). */
function runChild(body: string): Promise<{ lines: Array<{ at: number; text: string }>; exitedAt: number }> {
  const script = `const { stdoutSink } = await import(${JSON.stringify(requestLog)});\n${body}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Array<{ at: number; text: string }> = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const text of parts) lines.push({ at: performance.now() - started, text });
  });
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve({ lines, exitedAt: performance.now() - started }) : reject(new Error(`child exited ${code}`)))),
  );
}

it('writes a line soon after it is logged, without waiting for more lines or for the process to end', async () => {
  const { lines, exitedAt } = await runChild(`stdoutSink({ n: 1 }); await new Promise((resolve) => setTimeout(resolve, 1500));`);
  expect(lines.map((l) => JSON.parse(l.text))).toEqual([{ n: 1 }]);
  // Logged at the child's start, exited 1.5 s later: the line came long before the exit.
  expect(exitedAt - lines[0]!.at).toBeGreaterThan(1000);
});

it('writes every line, in order, when many are logged at once and the process exits straight after', async () => {
  const { lines } = await runChild(`for (let n = 0; n < 5000; n++) stdoutSink({ n, pad: 'x'.repeat(100) }); process.exit(0);`);
  expect(lines.map((l) => (JSON.parse(l.text) as { n: number }).n)).toEqual(Array.from({ length: 5000 }, (_, n) => n));
});
