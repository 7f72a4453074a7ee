import { writeSync } from 'node:fs';

const STDOUT_FD = 1;
/** Text a full pipe may hold back before the oldest of it is dropped (and the drop reported). */
const MAX_HELD_BYTES = 4 * 2 ** 20;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Lines for stdout, written with write(2) on fd 1 rather than through `process.stdout`. When the
 * reader of a pipe falls behind, `process.stdout` keeps what the pipe refuses in a queue that
 * `process.exit` throws away: a server stopping after a burst of requests lost the last lines of
 * its log (the request-log test caught it in CI). Here what the pipe refuses is held, in order,
 * and written first at the next flush; a flush while serving never waits (the request thread must
 * not wait on a log reader), the last one, at exit, waits up to `exitWaitMs` for the reader. If
 * more than 4 MiB is held, it is dropped, and a line saying how much is written once the pipe
 * takes text again.
 */
export class StdoutLines {
  private held: Buffer = Buffer.alloc(0);
  private droppedBytes = 0;

  constructor() {
    // Node makes a pipe on fd 1 non-blocking when it first sets up `process.stdout`; a child's
    // stdio pipe starts blocking, and a write to a full one would then stop the request thread
    // until the reader came back. Setting it up here makes a full pipe answer EAGAIN instead.
    void process.stdout;
  }

  /** True while text the pipe refused waits for the next write. */
  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Writes `text` after anything held back; what the pipe refuses now is held for the next call. */
  write(text: string, waitMs = 0): void {
    let bytes = Buffer.from(text);
    if (this.droppedBytes > 0 && this.held.length === 0) {
      const notice = JSON.stringify({ t: new Date().toISOString(), msg: 'log lines dropped: stdout was not read', bytes: this.droppedBytes });
      // The newline ends the line the drop cut short.
      bytes = Buffer.concat([Buffer.from(`\n${notice}\n`), bytes]);
      this.droppedBytes = 0;
    }
    const all = this.held.length === 0 ? bytes : Buffer.concat([this.held, bytes]);
    const written = writeWaiting(all, waitMs);
    this.held = all.subarray(written);
    if (this.held.length > MAX_HELD_BYTES) {
      this.droppedBytes += this.held.length;
      this.held = Buffer.alloc(0);
    }
  }
}

/** Writes as much of `bytes` to stdout as the pipe takes, waiting up to `waitMs` in all while it is full; returns how much. */
function writeWaiting(bytes: Buffer, waitMs: number): number {
  const deadline = performance.now() + waitMs;
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(STDOUT_FD, bytes, offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // EAGAIN: a non-blocking pipe is full. Anything else (EPIPE: nobody reads): give up.
      if (code !== 'EAGAIN' || performance.now() >= deadline) break;
      Atomics.wait(sleeper, 0, 0, 1);
    }
  }
  return offset;
}
