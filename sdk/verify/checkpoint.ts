import { nobleVerify, type VerifyFn } from '../../ledger/crypto/signature.js';
import { parseCheckpoint, type Checkpoint } from '../../ledger/log/checkpoint.js';

export type { Checkpoint };

/**
 * Verifies a checkpoint (C2SP tlog-checkpoint, SPEC 5) with the log's verifier key, which the
 * caller pins: it is configuration handed to the verifier, never something read from the server
 * whose checkpoints it checks.
 * Requires `trustedLogKey` to be a verifier key string `<origin>+<8 hex>+<base64>`.
 * @throws TallyError `invalid_checkpoint` when the text is malformed, carries no signature of the
 *   key or a signature that does not verify, or names another origin;
 *   `invalid_public_key` / `weak_public_key` for a bad `trustedLogKey`.
 * @example const { size, rootHash } = verifyCheckpoint(await (await fetch(url)).text(), pinnedKey);
 */
export function verifyCheckpoint(text: string, trustedLogKey: string, verify: VerifyFn = nobleVerify): Checkpoint {
  return parseCheckpoint(text, trustedLogKey, verify);
}
