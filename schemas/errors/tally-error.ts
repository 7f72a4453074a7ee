import type { ErrorCode } from './index.js';

export type { ErrorCode };

/**
 * The one error type of Tally. Callers match on `code`, never on the message. `path` points at
 * the offending field of an input (as zod reports it) when there is one.
 */
export class TallyError extends Error {
  readonly code: ErrorCode;
  readonly path: ReadonlyArray<string | number> | undefined;

  constructor(code: ErrorCode, message: string, path?: ReadonlyArray<string | number>) {
    super(message);
    this.name = 'TallyError';
    this.code = code;
    this.path = path;
  }
}

export function isTallyError(err: unknown): err is TallyError {
  return err instanceof TallyError;
}
