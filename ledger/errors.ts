/**
 * The one error type of Tally, defined beside the code table in schemas/errors so that the
 * schemas (which raise it when input fails to parse) need nothing from the ledger.
 */
export { TallyError, isTallyError, type ErrorCode } from '../schemas/errors/tally-error.js';
