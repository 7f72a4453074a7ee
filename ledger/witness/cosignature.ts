import { TallyError } from '../errors.js';
import { bytesEqual, concatBytes, fromBase64, fromHex, toBase64, toHex, utf8Encode } from '../encoding/bytes.js';
import { sha256 } from '../crypto/hash.js';
import { assertRegistrableKey, PUBLIC_KEY_LENGTH } from '../crypto/keys.js';
import { nobleVerify, signBytes, type VerifyFn } from '../crypto/signature.js';
import { isValidKeyName } from '../log/note-verifier.js';
import { signatureLine, splitNote } from '../log/signed-note.js';

/**
 * C2SP tlog-cosignature, the Ed25519 type (`cosignature/v1`): a witness's note signature over
 *
 *     cosignature/v1
 *     time <POSIX seconds>
 *     <checkpoint body>
 *
 * written as `— <witness name> base64(keyId4 || u64 timestamp || sig64)`, with
 * keyId4 = SHA-256(name || 0x0A || 0x04 || pub)[0:4] and the verifier key string
 * `<name>+<hex keyId4>+<base64(0x04 || pub)>`.
 */

/** Signed-note signature type of Ed25519 cosignatures (tlog-cosignature v1). */
export const COSIGNATURE_V1_TYPE = 0x04;
const TIMESTAMP_LENGTH = 8;
const SIGNATURE_LENGTH = 64;

/** A witness's cosigning key as a verifier reads it. */
export interface CosignerKey {
  name: string;
  /** 8 lowercase hex digits. */
  keyId: string;
  publicKey: Uint8Array;
}

function invalid(message: string): TallyError {
  return new TallyError('invalid_cosignature', message);
}

/** The 4-byte key id of a cosignature/v1 key. */
export function cosignerKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8Encode(name), Uint8Array.of(0x0a, COSIGNATURE_V1_TYPE), publicKey)).slice(0, 4);
}

/**
 * The verifier key string of a witness key.
 * @throws TallyError `invalid_cosignature` for an invalid name or a key that is not 32 bytes.
 */
export function cosignerKeyString(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw invalid('witness name must be non-empty, without spaces or "+"');
  if (publicKey.length !== PUBLIC_KEY_LENGTH) throw invalid('witness public key must be 32 bytes');
  return `${name}+${toHex(cosignerKeyId(name, publicKey))}+${toBase64(concatBytes(Uint8Array.of(COSIGNATURE_V1_TYPE), publicKey))}`;
}

/**
 * Parses a cosignature/v1 verifier key string (type 0x04), checking the id against name and key.
 * @throws TallyError `invalid_cosignature` for anything malformed or of another type.
 */
export function parseCosignerKey(text: string): CosignerKey {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw invalid('witness key must be <name>+<id>+<key>');
  const name = text.slice(0, first);
  const keyId = text.slice(first + 1, second);
  if (!isValidKeyName(name)) throw invalid('witness key has an invalid name');
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw invalid('witness key id must be 8 lowercase hex digits');
  let typed: Uint8Array;
  try {
    typed = fromBase64(text.slice(second + 1));
  } catch {
    throw invalid('witness key is not valid base64');
  }
  if (typed.length !== 1 + PUBLIC_KEY_LENGTH || typed[0] !== COSIGNATURE_V1_TYPE) throw invalid('witness key is not a cosignature/v1 (type 0x04) key');
  const publicKey = typed.slice(1);
  if (!bytesEqual(cosignerKeyId(name, publicKey), fromHex(keyId))) throw invalid('witness key id does not match its name and key');
  try {
    assertRegistrableKey(publicKey);
  } catch (err) {
    throw invalid(`witness key: ${(err as Error).message}`);
  }
  return { name, keyId, publicKey };
}

/** The message a cosignature/v1 signs: header, time line, then the checkpoint body. */
export function cosignedMessage(body: string, timestamp: number): Uint8Array {
  return utf8Encode(`cosignature/v1\ntime ${timestamp}\n${body}`);
}

/**
 * A cosignature line (with its newline) over checkpoint `body` at `timestamp` (POSIX seconds).
 * Requires `publicKey` to be the key of `secretKey`, a positive safe-integer timestamp.
 * @throws TallyError `invalid_cosignature` for a bad name or timestamp.
 */
export function cosign(body: string, name: string, key: { secretKey: Uint8Array; publicKey: Uint8Array }, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0) throw invalid('a cosignature timestamp must be a positive integer');
  if (!isValidKeyName(name)) throw invalid('witness name must be non-empty, without spaces or "+"');
  const time = new Uint8Array(TIMESTAMP_LENGTH);
  new DataView(time.buffer).setBigUint64(0, BigInt(timestamp));
  const sig = signBytes(cosignedMessage(body, timestamp), key.secretKey);
  return signatureLine(name, concatBytes(cosignerKeyId(name, key.publicKey), time, sig));
}

/**
 * The timestamp of a valid cosignature by `key` on the note `text`, or undefined when the note
 * carries none. Lines of other keys are ignored.
 * @throws TallyError `invalid_cosignature` when a line of this key does not verify or is
 *   malformed; `invalid_checkpoint` for a malformed note.
 */
export function verifyCosignature(text: string, key: CosignerKey, verify: VerifyFn = nobleVerify): number | undefined {
  const { body, signatures } = splitNote(text);
  const keyId = fromHex(key.keyId);
  let timestamp: number | undefined;
  for (const { name, signature } of signatures) {
    if (name !== key.name || !bytesEqual(signature.subarray(0, 4), keyId)) continue;
    if (signature.length !== 4 + TIMESTAMP_LENGTH + SIGNATURE_LENGTH) throw invalid(`cosignature by ${name} has the wrong length`);
    const time = new DataView(signature.buffer, signature.byteOffset + 4, TIMESTAMP_LENGTH).getBigUint64(0);
    if (time === 0n || time > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`cosignature by ${name} has an unusable timestamp`);
    const seconds = Number(time);
    if (!verify(signature.subarray(4 + TIMESTAMP_LENGTH), cosignedMessage(body, seconds), key.publicKey)) {
      throw invalid(`cosignature by ${name} does not verify`);
    }
    timestamp = Math.max(timestamp ?? 0, seconds);
  }
  return timestamp;
}
