import type { ServerResponse } from 'node:http';
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

/**
 * Writes a problem on a plain node:http response (Express's responses are ones too), and notes
 * its code for the request log.
 */
export function sendProblem(res: ServerResponse & { locals?: Record<string, unknown> }, p: Problem): void {
  if (res.locals) res.locals.problemCode = p.code;
  const body = JSON.stringify(p);
  res.statusCode = p.status;
  res.setHeader('content-type', 'application/problem+json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
