import { TallyError } from '../errors.js';
import { bytesEqual, concatBytes, fromBase64, fromHex, toBase64, toHex, utf8Encode } from '../encoding/bytes.js';
import { sha256 } from '../crypto/hash.js';
import { assertRegistrableKey, PUBLIC_KEY_LENGTH } from '../crypto/keys.js';

/**
 * C2SP signed-note keys (SPEC section 5): a key is named (the log's origin) and identified in
 * signature lines by a 4-byte id, SHA-256(name || 0x0A || 0x01 || pub)[0:4], where 0x01 is the
 * signed-note type byte of Ed25519.
 */

/** Signed-note signature type of Ed25519. */
export const ED25519_NOTE_TYPE = 0x01;

/** A parsed verifier key: whose signatures it checks and with which public key. */
export interface NoteVerifierKey {
  name: string;
  /** The 4-byte key id, as 8 lowercase hex digits. */
  keyId: string;
  publicKey: Uint8Array;
}

/**
 * True for a valid signed-note key name: non-empty, well-formed, no Unicode space and no `+`
 * (which separates the parts of a verifier key).
 */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/\p{Surrogate}/u.test(name);
}

/**
 * The last key id computed, with copies of its inputs. A server signs every group commit with one
 * key, and a verifier checks many checkpoints of one log: the SHA-256 (pure JS: 6 us warm, about
 * 40 us per group commit in a CPU profile of the loaded server) is then made once. Copies, so a
 * caller changing an array it passed or got back cannot change a later answer.
 */
let lastKeyId: { name: string; publicKey: Uint8Array; id: Uint8Array } | undefined;

/**
 * The 4-byte signed-note key id of an Ed25519 key under `name`.
 * Requires a valid key name and a 32-byte public key.
 */
export function noteKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  if (lastKeyId === undefined || lastKeyId.name !== name || !bytesEqual(lastKeyId.publicKey, publicKey)) {
    const id = sha256(concatBytes(utf8Encode(name), Uint8Array.of(0x0a, ED25519_NOTE_TYPE), publicKey)).slice(0, 4);
    lastKeyId = { name, publicKey: publicKey.slice(), id };
  }
  return lastKeyId.id.slice();
}

/**
 * The verifier key string `<name>+<8 hex key id>+<base64(0x01 || pub)>`, as SPEC section 5 and
 * Go's golang.org/x/mod/sumdb/note write it.
 * @throws TallyError `invalid_public_key` if `name` is not a valid key name or `publicKey` is not
 *   32 bytes.
 */
export function verifierKeyString(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new TallyError('invalid_public_key', 'key name must be non-empty, without spaces or "+"');
  if (publicKey.length !== PUBLIC_KEY_LENGTH) throw new TallyError('invalid_public_key', 'public key must be 32 bytes');
  const typedKey = concatBytes(Uint8Array.of(ED25519_NOTE_TYPE), publicKey);
  return `${name}+${toHex(noteKeyId(name, publicKey))}+${toBase64(typedKey)}`;
}

/**
 * Parses a verifier key string. Only Ed25519 keys (type 0x01) are accepted, the id must be 8
 * lowercase hex digits that match the name and key, and the key must be registrable (SPEC 2),
 * since a log key that is not would make cofactored and cofactorless verifiers disagree.
 * @throws TallyError `invalid_public_key` on any malformed part, an id that does not match, or
 *   a key of another type; `weak_public_key` as assertRegistrableKey.
 */
export function parseVerifierKey(text: string): NoteVerifierKey {
  // Split at the first two '+' only: the base64 key may itself contain '+'.
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new TallyError('invalid_public_key', 'verifier key must be <name>+<id>+<key>');
  const name = text.slice(0, first);
  const keyId = text.slice(first + 1, second);
  const typedKeyBase64 = text.slice(second + 1);
  if (!isValidKeyName(name)) throw new TallyError('invalid_public_key', 'verifier key has an invalid name');
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw new TallyError('invalid_public_key', 'verifier key id must be 8 lowercase hex digits');
  let typedKey: Uint8Array;
  try {
    typedKey = fromBase64(typedKeyBase64);
  } catch {
    throw new TallyError('invalid_public_key', 'verifier key is not valid base64');
  }
  if (typedKey.length !== 1 + PUBLIC_KEY_LENGTH || typedKey[0] !== ED25519_NOTE_TYPE) {
    throw new TallyError('invalid_public_key', 'verifier key is not an Ed25519 (type 0x01) key');
  }
  const publicKey = typedKey.slice(1);
  if (!bytesEqual(noteKeyId(name, publicKey), fromHex(keyId))) {
    throw new TallyError('invalid_public_key', 'verifier key id does not match its name and key');
  }
  assertRegistrableKey(publicKey);
  return { name, keyId, publicKey };
}
