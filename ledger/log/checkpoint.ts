import { TallyError } from '../errors.js';
import { fromBase64, fromHex, toBase64, toHex } from '../encoding/bytes.js';
import { HASH_LENGTH } from '../crypto/hash.js';
import { nobleVerify, type VerifyFn } from '../crypto/signature.js';
import { isValidKeyName, parseVerifierKey } from './note-verifier.js';
import { openNoteWithKey, signNote, signNoteAsync } from './signed-note.js';

export { parseVerifierKey, verifierKeyString, type NoteVerifierKey } from './note-verifier.js';
export { openNote } from './signed-note.js';

/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint) as SPEC section 5 restricts it: the
 * body is exactly `<origin>\n<size>\n<base64 root>\n` (no extension lines), signed as a signed
 * note by the log key, whose name is the origin.
 */

/** The signed statement "the log `origin` has `size` entries with root `rootHash`". */
export interface Checkpoint {
  origin: string;
  size: number;
  /** RFC 6962 root, lowercase hex. */
  rootHash: string;
}

const CANONICAL_DECIMAL = /^(0|[1-9][0-9]*)$/;
const HASH_HEX = /^[0-9a-f]{64}$/;

function invalid(message: string): TallyError {
  return new TallyError('invalid_checkpoint', message);
}

/**
 * The checkpoint body `<origin>\n<size>\n<base64 root>\n`.
 * Requires a valid key name as origin, a non-negative safe integer size and a 64-hex root.
 * @throws TallyError `invalid_checkpoint` otherwise.
 */
export function checkpointBody({ origin, size, rootHash }: Checkpoint): string {
  if (!isValidKeyName(origin)) throw invalid('origin must be a valid key name (non-empty, no spaces, no "+")');
  if (!Number.isSafeInteger(size) || size < 0) throw invalid('size must be a non-negative safe integer');
  if (!HASH_HEX.test(rootHash)) throw invalid('rootHash must be 64 lowercase hex digits');
  return `${origin}\n${size}\n${toBase64(fromHex(rootHash))}\n`;
}

/**
 * Signs a checkpoint with the log key; the signature's key name is the origin.
 * Requires `publicKey` to be the public key of the 32-byte seed `secretKey`; `sign`, when given,
 * signs with that same key (the server passes node:crypto, about 20 times faster than noble).
 * @throws TallyError `invalid_checkpoint` as {@link checkpointBody}.
 * @example signCheckpoint({ origin: 'example.com/log', size: 1, rootHash }, sk, pk)
 */
export function signCheckpoint(
  checkpoint: Checkpoint,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  sign?: (msg: Uint8Array) => Uint8Array,
): string {
  return signNote(checkpointBody(checkpoint), checkpoint.origin, secretKey, publicKey, sign);
}

/**
 * {@link signCheckpoint} with a signer of the same key that answers later (node:crypto on the
 * thread pool: see node-signer.ts).
 * @throws TallyError `invalid_checkpoint` as {@link checkpointBody}.
 */
export function signCheckpointAsync(
  checkpoint: Checkpoint,
  publicKey: Uint8Array,
  sign: (msg: Uint8Array) => Promise<Uint8Array>,
): Promise<string> {
  return signNoteAsync(checkpointBody(checkpoint), checkpoint.origin, publicKey, sign);
}

/**
 * Verifies a checkpoint's signature with the log's verifier key and reads it.
 * @throws TallyError `invalid_checkpoint` if the note does not verify (see openNote), the body
 *   is not exactly three lines, the origin differs from the key name, the size is not a
 *   canonical decimal safe integer, or the root is not padded base64 of 32 bytes;
 *   `invalid_public_key` / `weak_public_key` for a bad verifier key.
 */
export function parseCheckpoint(text: string, verifierKey: string, verify: VerifyFn = nobleVerify): Checkpoint {
  const key = parseVerifierKey(verifierKey);
  const body = openNoteWithKey(text, key, verify);
  const lines = body.slice(0, -1).split('\n');
  if (lines.length !== 3) throw invalid(`checkpoint body must have exactly 3 lines, not ${lines.length}`);
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin !== key.name) throw invalid('checkpoint origin differs from the log key name');
  if (!CANONICAL_DECIMAL.test(sizeText)) throw invalid('checkpoint size is not a canonical decimal');
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw invalid('checkpoint size exceeds 2^53 - 1');
  let root: Uint8Array;
  try {
    root = fromBase64(rootText);
  } catch {
    throw invalid('checkpoint root is not valid base64');
  }
  if (root.length !== HASH_LENGTH) throw invalid('checkpoint root must be 32 bytes');
  return { origin, size, rootHash: toHex(root) };
}
