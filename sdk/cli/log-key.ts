import { existsSync, readFileSync } from 'node:fs';
import { parseVerifierKey } from '../../ledger/log/note-verifier.js';
import { setting } from './profile.js';
import { stringOption, UsageError, type ParsedArgs } from './context.js';

/** The `--log-key` flag every verifying command takes (else TALLY_LOG_KEY, else the profile). */
export const LOG_KEY_OPTION = { 'log-key': { type: 'string' } } as const;

const WHAT_IT_IS =
  "the log's verifier key string, <origin>+<8 hex digits>+<base64 key> (the server prints it at start and writes it to log-key.pub in its data directory; get it from the operator, not from the server you are checking)";

/**
 * The pinned log key, as a verifier key string. The flag may also name a file that holds it
 * (`--log-key log-key.pub`). A raw Ed25519 public key or a key file, the usual mistakes, get a
 * message saying which is which.
 */
export function logKeyArg(args: ParsedArgs): string {
  const given = setting('logKey', stringOption(args, 'log-key'));
  if (given === undefined) throw new UsageError(`--log-key is required: ${WHAT_IT_IS}`);
  const text = existsSync(given) ? readFileSync(given, 'utf8').trim() : given.trim();
  if (text.startsWith('{')) {
    throw new UsageError(`${given} is a key file (JSON), not a verifier key string: --log-key wants ${WHAT_IT_IS}`);
  }
  if (/^[A-Za-z0-9_-]{43}$/.test(text)) {
    throw new UsageError(`"${text}" is a raw Ed25519 public key (base64url), as participants' keys are written; --log-key wants ${WHAT_IT_IS}`);
  }
  try {
    parseVerifierKey(text);
  } catch (err) {
    throw new UsageError(`--log-key "${text}" is not a verifier key string (${(err as Error).message}): it should be ${WHAT_IT_IS}`);
  }
  return text;
}
