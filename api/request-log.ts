import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { StdoutLines } from './stdout-lines.js';

/** Where the server's structured log lines go (stdout by default, muted in tests). */
export type LogSink = (line: Record<string, unknown>) => void;

/** How long a line may wait on stdout for the lines after it. */
const FLUSH_AFTER_MS = 20;
/** How much text is written at once without waiting longer. */
const FLUSH_AT_CHARS = 64 * 1024;
/** How long the last flush, at exit, may wait for a reader that has fallen behind. */
const EXIT_WAIT_MS = 2_000;

const stdout = new StdoutLines();
let pending: string[] = [];
let pendingChars = 0;
let flushTimer: NodeJS.Timeout | undefined;

function flushStdout(waitMs = 0): void {
  clearTimeout(flushTimer);
  flushTimer = undefined;
  if (pending.length === 0 && !stdout.holding) return;
  const text = pending.join('');
  pending = [];
  pendingChars = 0;
  stdout.write(text, waitMs);
  // What a full pipe held back is tried again even if nothing more is logged.
  if (stdout.holding) flushTimer = setTimeout(flushStdout, FLUSH_AFTER_MS).unref();
}

/**
 * One JSON line per call on stdout, gathered for up to 20 ms (or 64 KiB) and written at once.
 * Each write to a pipe wakes its reader: at 4 connections, with a line or two a turn of the event
 * loop, writing every turn cost the request thread about 40 us of wall time per request (a CPU
 * profile of the ingest path, stop 29). Lines still pending when the process exits are written
 * then (see StdoutLines for a reader that falls behind); a process killed outright loses at most
 * the last 20 ms of its request log, never an acknowledged entry.
 */
export const stdoutSink: LogSink = (line) => {
  const text = JSON.stringify(line) + '\n';
  pending.push(text);
  pendingChars += text.length;
  if (pendingChars >= FLUSH_AT_CHARS) flushStdout();
  else flushTimer ??= setTimeout(flushStdout, FLUSH_AFTER_MS).unref();
};
process.once('exit', () => flushStdout(EXIT_WAIT_MS));

/**
 * Writes one structured line for a request once its response has been sent. `details` is read
 * then, so handlers can add to it (the problem code, the authenticated caller).
 */
export function logWhenFinished(sink: LogSink, req: IncomingMessage, res: ServerResponse, details: () => Record<string, unknown>): void {
  const started = process.hrtime.bigint();
  // Read now: Express rewrites req.url while routing (a router mounted at /v1 sees /log).
  const path = (req.url ?? '').split('?')[0];
  res.on('finish', () => {
    sink({
      t: new Date().toISOString(),
      method: req.method,
      path,
      status: res.statusCode,
      ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      ...details(),
    });
  });
}

/** Express middleware: one structured line per request. */
export function requestLog(sink: LogSink) {
  return (req: Request, res: Response, next: NextFunction): void => {
    logWhenFinished(sink, req, res, () => ({
      ...(res.locals.problemCode ? { code: res.locals.problemCode } : {}),
      ...(res.locals.caller ? { caller: (res.locals.caller as { participant: string }).participant } : {}),
    }));
    next();
  };
}
