import { expect } from 'vitest';
import { TallyError, type ErrorCode } from '../../../ledger/errors.js';

/** Asserts that `fn` throws a TallyError with `code` (tests match codes, never messages). */
export function expectCode(fn: () => unknown, code: ErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, `expected TallyError ${code}`).toBeInstanceOf(TallyError);
  expect((thrown as TallyError).code).toBe(code);
}
