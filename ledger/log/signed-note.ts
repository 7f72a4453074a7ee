import { TallyError } from '../errors.js';
import { bytesEqual, concatBytes, fromBase64, fromHex, isWellFormedString, toBase64, utf8Encode } from '../encoding/bytes.js';
import { nobleVerify, signBytes, type VerifyFn } from '../crypto/signature.js';
import { isValidKeyName, noteKeyId, parseVerifierKey, type NoteVerifierKey } from './note-verifier.js';

/**
 * C2SP signed-note (https://c2sp.org/signed-note), Ed25519 only: a text ending in a newline, a
 * blank line, then lines `— <key name> base64(key id || signature)`. Parsing follows Go's
 * golang.org/x/mod/sumdb/note.Open, so a note one accepts the other accepts too.
 */

/** Em dash U+2014 and a space: the start of every signature line. */
const SIGNATURE_LINE_PREFIX = '\u2014 ';
/** More signature lines than this are refused (C2SP: verifiers must accept at least 16). */
const MAX_SIGNATURES = 100;
const ED25519_SIGNATURE_LENGTH = 64;

function malformed(message: string): TallyError {
  return new TallyError('invalid_checkpoint', message);
}

/**
 * Signs `body` as a signed note with one Ed25519 signature by the key `name`.
 * Requires `publicKey` to be the public key of `secretKey`. `sign` may replace the default
 * (@noble/ed25519) with another Ed25519 implementation of the same key, such as node:crypto.
 * @throws TallyError `invalid_checkpoint` if the body is empty, does not end in a newline, holds
 *   control characters other than newline or a lone surrogate, or `name` is not a valid key name.
 */
export function signNote(
  body: string,
  name: string,
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  sign: (msg: Uint8Array) => Uint8Array = (msg) => signBytes(msg, secretKey),
): string {
  const message = noteMessage(body, name);
  return noteWithSignature(body, name, publicKey, sign(message));
}

/**
 * {@link signNote} with a signer that answers later: node:crypto's callback form, say, which
 * signs on the libuv thread pool instead of the request thread.
 * @throws TallyError `invalid_checkpoint` as {@link signNote}.
 */
export async function signNoteAsync(
  body: string,
  name: string,
  publicKey: Uint8Array,
  sign: (msg: Uint8Array) => Promise<Uint8Array>,
): Promise<string> {
  const message = noteMessage(body, name);
  return noteWithSignature(body, name, publicKey, await sign(message));
}

/** The bytes a note's signature covers, once its text and key name are checked. */
function noteMessage(body: string, name: string): Uint8Array {
  assertValidNoteText(body);
  if (body.length === 0 || !body.endsWith('\n')) throw malformed('note text must end in a newline');
  if (!isValidKeyName(name)) throw malformed('key name must be non-empty, without spaces or "+"');
  return utf8Encode(body);
}

function noteWithSignature(body: string, name: string, publicKey: Uint8Array, sig: Uint8Array): string {
  const signature = toBase64(concatBytes(noteKeyId(name, publicKey), sig));
  return `${body}\n${SIGNATURE_LINE_PREFIX}${name} ${signature}\n`;
}

function assertValidNoteText(text: string): void {
  if (!isWellFormedString(text)) throw malformed('note is not well-formed Unicode');
  // C2SP: no ASCII control character other than newline.
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw malformed('note contains a control character');
}

/**
 * Verifies a signed note against one trusted key and returns its text (ending in a newline).
 * Signature lines of other keys (another name or id) are ignored, as C2SP requires; every line
 * of the trusted key must verify, and at least one must be present.
 * @param verifierKey the trusted key as a verifier key string (see parseVerifierKey).
 * @throws TallyError `invalid_checkpoint` on a malformed note (control characters, no blank line
 *   before the signatures, a signature line that is not `— <name> <base64>` with at least 5
 *   bytes, more than 100 signatures), a signature of the trusted key that does not verify, or no
 *   signature of the trusted key; `invalid_public_key` / `weak_public_key` for a bad verifier key.
 */
export function openNote(text: string, verifierKey: string, verify: VerifyFn = nobleVerify): string {
  return openNoteWithKey(text, parseVerifierKey(verifierKey), verify);
}

/**
 * {@link openNote} with an already parsed key.
 * @throws TallyError `invalid_checkpoint` as {@link openNote}.
 */
export function openNoteWithKey(text: string, key: NoteVerifierKey, verify: VerifyFn = nobleVerify): string {
  const { body, signatures } = splitNote(text);
  const keyId = fromHex(key.keyId);
  const bodyBytes = utf8Encode(body);
  let verified = 0;
  for (const { name, signature } of signatures) {
    // A signer is known only by name *and* id; anyone else's signature is none of our business.
    if (name !== key.name || !bytesEqual(signature.subarray(0, 4), keyId)) continue;
    const sig = signature.subarray(4);
    if (sig.length !== ED25519_SIGNATURE_LENGTH || !verify(sig, bodyBytes, key.publicKey)) {
      throw malformed(`signature by ${name} does not verify`);
    }
    verified++;
  }
  if (verified === 0) throw malformed(`note carries no signature by ${key.name}`);
  return body;
}

/** One signature line of a note: the key name and the decoded key id || signature. */
export interface NoteSignature {
  name: string;
  /** 4-byte key id followed by the signature (at least 5 bytes). */
  signature: Uint8Array;
  /** The line as written, without its newline. */
  line: string;
}

/**
 * Splits a signed note into its text and signature lines without verifying anything: for
 * callers that check several keys (cosignatures) or move signatures between notes.
 * @throws TallyError `invalid_checkpoint` on a malformed note (see {@link openNote}).
 */
export function splitNote(text: string): { body: string; signatures: NoteSignature[] } {
  if (typeof text !== 'string') throw malformed('note must be text');
  assertValidNoteText(text);
  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw malformed('note has no blank line before its signatures');
  const body = text.slice(0, split + 1);
  const signatureBlock = text.slice(split + 2);
  if (!signatureBlock.endsWith('\n')) throw malformed('signature block must end in a newline');
  const lines = signatureBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`note has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_LINE_PREFIX)) throw malformed('signature line must start with an em dash and a space');
    const rest = line.slice(SIGNATURE_LINE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const encoded = space < 0 ? '' : rest.slice(space + 1);
    let signature: Uint8Array;
    try {
      signature = fromBase64(encoded);
    } catch {
      throw malformed('signature is not valid base64');
    }
    if (!isValidKeyName(name) || encoded === '' || signature.length < 5) throw malformed('signature line is malformed');
    return { name, signature, line };
  });
  return { body, signatures };
}

/** A note signature line `— <name> base64(keyId || signature)` with its newline. */
export function signatureLine(name: string, keyIdAndSignature: Uint8Array): string {
  return `${SIGNATURE_LINE_PREFIX}${name} ${toBase64(keyIdAndSignature)}\n`;
}
