import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The request log gathers lines for up to 20 ms (or 64 KiB) before a write to stdout: every line
 * still reaches stdout, soon, in order; the lines a full pipe refuses are kept and written later,
 * and those still pending when the process exits are written then (waiting a little for a reader
 * that has fallen behind).
 */

const requestLog = fileURLToPath(new URL('../../api/request-log.ts', import.meta.url));

/** What a child writes on stderr once it has logged what a stalled reader should not take yet. */
const LOGGED = 'request-log-test: logged';

/**
 * Runs `body` in a child with `stdoutSink` and `logged()` in scope; resolves with each stdout line
 * and when it arrived (ms from spawn). With `stall`, stdout is not read until the child calls
 * `logged()`, so its pipe fills first.
 */
function runChild(body: string, stall = false): Promise<{ lines: Array<{ at: number; text: string }>; exitedAt: number }> {
  const script = `const { stdoutSink } = await import(${JSON.stringify(requestLog)});\nconst logged = () => process.stderr.write(${JSON.stringify(LOGGED + '\n')});\n${body}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Array<{ at: number; text: string }> = [];
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    for (const text of parts) lines.push({ at: performance.now() - started, text });
  });
  if (stall) child.stdout.pause();
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    if (text.includes(LOGGED)) child.stdout.resume();
    else process.stderr.write(text);
  });
  let exitedAt = 0;
  child.on('exit', () => (exitedAt = performance.now() - started));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve({ lines, exitedAt }) : reject(new Error(`child exited ${code}`)))),
  );
}

const numbers = (lines: Array<{ text: string }>) => lines.map((l) => (JSON.parse(l.text) as { n?: number }).n);
const upTo = (count: number) => Array.from({ length: count }, (_, n) => n);

it('writes a line soon after it is logged, without waiting for more lines or for the process to end', async () => {
  const { lines, exitedAt } = await runChild(`stdoutSink({ n: 1 }); await new Promise((resolve) => setTimeout(resolve, 1500));`);
  expect(numbers(lines)).toEqual([1]);
  // Logged at the child's start, exited 1.5 s later: the line came long before the exit.
  expect(exitedAt - lines[0]!.at).toBeGreaterThan(1000);
});

it('writes every line, in order, when many are logged at once and the process exits straight after', async () => {
  const { lines } = await runChild(`for (let n = 0; n < 5000; n++) stdoutSink({ n, pad: 'x'.repeat(100) }); process.exit(0);`);
  expect(numbers(lines)).toEqual(upTo(5000));
});

it('loses nothing to a reader that falls behind: what the pipe refuses waits, and the exit waits for the reader', async () => {
  // 600 KB against a 64 KiB pipe nobody reads until the process is exiting.
  const { lines } = await runChild(`for (let n = 0; n < 5000; n++) stdoutSink({ n, pad: 'x'.repeat(100) }); logged(); process.exit(0);`, true);
  expect(numbers(lines)).toEqual(upTo(5000));
});

it('keeps what a stalled reader has not taken while the process runs on, and writes it once the reader is back', async () => {
  const { lines } = await runChild(
    `for (let n = 0; n < 3000; n++) stdoutSink({ n, pad: 'x'.repeat(100) });
     logged();
     await new Promise((resolve) => setTimeout(resolve, 1200));
     stdoutSink({ n: 3000 });
     await new Promise((resolve) => setTimeout(resolve, 300));`,
    true,
  );
  expect(numbers(lines)).toEqual(upTo(3001));
});

it('drops what it holds once that passes 4 MiB, and says how much, rather than holding without bound what a stalled reader has not taken', async () => {
  // About 6 MB while nobody reads; then the reader comes back and one more line is logged.
  const { lines } = await runChild(
    `for (let n = 0; n < 40000; n++) stdoutSink({ n, pad: 'x'.repeat(130) });
     logged();
     await new Promise((resolve) => setTimeout(resolve, 1500));
     stdoutSink({ n: 40000 });
     await new Promise((resolve) => setTimeout(resolve, 300));`,
    true,
  );
  const parsed = lines.map((l) => {
    try {
      return JSON.parse(l.text) as { n?: number; msg?: string; bytes?: number };
    } catch {
      return undefined;
    }
  });
  const notice = parsed.findIndex((p) => p?.msg === 'log lines dropped: stdout was not read');
  expect(notice).toBeGreaterThan(0);
  expect(parsed[notice]!.bytes).toBeGreaterThan(4 * 2 ** 20);
  // Only the line the drop cut short may be torn, and it ends right before the notice.
  const torn = parsed.flatMap((p, i) => (p === undefined ? [i] : []));
  expect(torn.filter((i) => i !== notice - 1)).toEqual([]);
  // Every other line is one that was logged, in order, the last one after the notice.
  const kept = parsed.flatMap((p) => (p?.n === undefined ? [] : [p.n]));
  expect(kept).toEqual([...kept].sort((a, b) => a - b));
  expect(kept.at(-1)).toBe(40000);
  expect(kept.length).toBeLessThan(40001);
});
