import type { Response } from 'express';
import { errorCatalog, type ErrorCode } from '../schemas/errors/index.js';
import { isTallyError } from '../ledger/errors.js';

/** RFC 9457 problem details as Tally sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  path?: Array<string | number>;
}

export const PROBLEM_TYPE_BASE = 'https://tally.example/problems/';

export function problem(code: ErrorCode, detail: string, path?: ReadonlyArray<string | number>): Problem {
  const { status, title } = errorCatalog[code];
  return { type: PROBLEM_TYPE_BASE + code, title, status, code, detail, ...(path ? { path: [...path] } : {}) };
}

/**
 * Turns anything thrown into a problem. Only a TallyError's message reaches the client; any other
 * error becomes a bare `internal` problem, so no stack trace or internal detail ever leaks.
 */
export function problemFromError(err: unknown): Problem {
  if (isTallyError(err)) return problem(err.code, err.message, err.path);
  return problem('internal', 'the server could not complete the request');
}

export function sendProblem(res: Response, p: Problem): void {
  res.locals.problemCode = p.code;
  res.status(p.status).type('application/problem+json').send(JSON.stringify(p));
}
