import type { NextFunction, Request, Response } from 'express';

/** Where the server's structured log lines go (stdout by default, muted in tests). */
export type LogSink = (line: Record<string, unknown>) => void;

export const stdoutSink: LogSink = (line) => process.stdout.write(JSON.stringify(line) + '\n');

/** One structured line per request, written when the response has been sent. */
export function requestLog(sink: LogSink) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      sink({
        t: new Date().toISOString(),
        method: req.method,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        ...(res.locals.problemCode ? { code: res.locals.problemCode } : {}),
        ...(res.locals.caller ? { caller: (res.locals.caller as { participant: string }).participant } : {}),
      });
    });
    next();
  };
}
