import { TallyError } from '../errors.js';

/**
 * Byte encodings used on the wire: lowercase hex (hashes), base64url without padding (keys and
 * signatures in JSON) and padded base64 (inside checkpoints, as C2SP requires), plus UTF-8.
 *
 * Every decoder is strict: an input has exactly one accepted spelling, so two parties can never
 * read the same bytes from different text (or different bytes from the same text). We do not use
 * `Buffer` (Node only) or `atob` (lenient about whitespace and padding).
 */

const HEX_DIGITS = '0123456789abcdef';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function invalid(message: string): TallyError {
  return new TallyError('invalid_encoding', message);
}

/** The two hex digits of every byte value, so encoding is one lookup per byte. */
const HEX_OF_BYTE = Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!);

/**
 * The value of each ASCII character as a digit of `alphabet`, -1 for a character outside it:
 * decoders look characters up by code unit instead of searching the alphabet string.
 */
function digitTable(alphabet: string): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}

const HEX_VALUE = digitTable(HEX_DIGITS);
const BASE64_VALUE = digitTable(BASE64_ALPHABET);
const BASE64URL_VALUE = digitTable(BASE64URL_ALPHABET);

/** The digit `code` (a UTF-16 code unit) stands for in `table`, or -1. */
function digitOf(table: Int8Array, code: number): number {
  return code < 128 ? table[code]! : -1;
}

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_OF_BYTE[bytes[i]!]!;
  return out;
}

/**
 * Decodes lowercase hex. Uppercase is refused because every hash Tally writes is lowercase and a
 * second spelling would let two texts name one hash.
 * @throws TallyError `invalid_encoding` on odd length or any character outside `[0-9a-f]`.
 */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw invalid('hex string has odd length');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = digitOf(HEX_VALUE, hex.charCodeAt(2 * i));
    const lo = digitOf(HEX_VALUE, hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw invalid(`hex string has a non-hex character near offset ${2 * i}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function encodeBase64(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + alphabet[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[n >> 18]! + alphabet[(n >> 12) & 63]! + alphabet[(n >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

/** Decodes unpadded base64 digits; rejects a dangling digit and non-zero unused low bits. */
function decodeBase64Digits(text: string, values: Int8Array): Uint8Array {
  if (text.length % 4 === 1) throw invalid('base64 text has an impossible length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const v = digitOf(values, text.charCodeAt(i));
    if (v < 0) throw invalid(`base64 text has an invalid character at offset ${i}`);
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Non-zero leftover bits would give a second spelling of the same bytes.
  if ((acc & ((1 << bits) - 1)) !== 0) throw invalid('base64 text is not canonical (unused bits set)');
  return out;
}

/** Base64url without padding (RFC 4648 section 5), as used for keys and signatures in JSON. */
export function toBase64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes, BASE64URL_ALPHABET, false);
}

/**
 * Decodes base64url without padding.
 * @throws TallyError `invalid_encoding` on padding, characters outside the url alphabet, an
 *   impossible length or non-canonical trailing bits.
 */
export function fromBase64Url(text: string): Uint8Array {
  return decodeBase64Digits(text, BASE64URL_VALUE);
}

/** Standard padded base64 (RFC 4648 section 4), as C2SP checkpoints and notes use. */
export function toBase64(bytes: Uint8Array): string {
  return encodeBase64(bytes, BASE64_ALPHABET, true);
}

/**
 * Decodes standard padded base64.
 * @throws TallyError `invalid_encoding` unless the length is a multiple of 4 with exactly the
 *   padding needed, every character is in the standard alphabet and the trailing bits are zero.
 */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw invalid('padded base64 length is not a multiple of 4');
  let digits = text;
  if (text.endsWith('==')) digits = text.slice(0, -2);
  else if (text.endsWith('=')) digits = text.slice(0, -1);
  return decodeBase64Digits(digits, BASE64_VALUE);
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** True when `text` holds no lone surrogate, i.e. it is well-formed Unicode. */
export function isWellFormedString(text: string): boolean {
  // String.prototype.isWellFormed (ES2024) is native where present; otherwise, with the `u`
  // flag, a surrogate pair is one code point, so only lone halves match.
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}

const utf8Encoder = new TextEncoder();
/** `encodeInto` is younger than `encode`; a runtime (or polyfill) without it takes the two-step path. */
const canEncodeInto = typeof (utf8Encoder as { encodeInto?: unknown }).encodeInto === 'function';

/**
 * UTF-8 of `text`.
 * @throws TallyError `invalid_encoding` on a lone surrogate, which `TextEncoder` would otherwise
 *   silently replace with U+FFFD.
 */
export function utf8Encode(text: string): Uint8Array {
  if (!isWellFormedString(text)) throw invalid('string contains a lone surrogate');
  return utf8Encoder.encode(text);
}

/**
 * `prefix || UTF-8(text)` in one allocation: what signed bytes are (a domain prefix and a JCS
 * text), built once per event on the hot path, where encoding and then concatenating copied the
 * text's bytes twice.
 * @throws TallyError `invalid_encoding` on a lone surrogate, as {@link utf8Encode}.
 */
export function prefixedUtf8(prefix: Uint8Array, text: string): Uint8Array {
  if (!isWellFormedString(text)) throw invalid('string contains a lone surrogate');
  // Sized for ASCII, which JCS of an event nearly always is, so the array is exactly the bytes (a
  // view into a larger buffer would be copied whole when posted to a worker). Anything longer
  // takes a second, exact pass.
  if (canEncodeInto) {
    const out = new Uint8Array(prefix.length + text.length);
    out.set(prefix, 0);
    if (utf8Encoder.encodeInto(text, out.subarray(prefix.length)).read === text.length) return out;
  }
  const encoded = utf8Encoder.encode(text);
  const exact = new Uint8Array(prefix.length + encoded.length);
  exact.set(prefix, 0);
  exact.set(encoded, prefix.length);
  return exact;
}

/**
 * Decodes UTF-8 exactly: no replacement characters, and a leading BOM is kept as U+FEFF rather
 * than dropped (dropping it would make two byte strings decode to one text).
 * @throws TallyError `invalid_encoding` on ill-formed UTF-8.
 */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw invalid('bytes are not well-formed UTF-8');
  }
}

/** The concatenation of `parts` in order, as a new array. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * True when `a` and `b` hold the same bytes. Not constant time: use it for public values
 * (hashes, roots), never for secrets.
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
