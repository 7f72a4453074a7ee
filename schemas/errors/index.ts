import { logErrors } from './log.js';
import { custodyErrors } from './custody.js';
import { httpErrors } from './http.js';
import { verifyErrors } from './verify.js';
import { interopErrors } from './interop.js';
import { witnessErrors } from './witness.js';

/**
 * Every stable error code Tally can return, with the HTTP status it maps to. This table is the
 * one place where codes meet statuses; the OpenAPI document lists its keys.
 */
export const errorCatalog = { ...logErrors, ...custodyErrors, ...httpErrors, ...verifyErrors, ...witnessErrors, ...interopErrors } as const;

export type ErrorCode = keyof typeof errorCatalog;

export const errorCodes = Object.keys(errorCatalog) as ErrorCode[];

export function statusOf(code: ErrorCode): number {
  return errorCatalog[code].status;
}
