import { TallyError } from '../errors.js';
import { isWellFormedString, utf8Encode } from './bytes.js';
import { MAX_DEPTH, stringifiesCanonically } from './jcs-fast-path.js';

/**
 * RFC 8785 JSON Canonicalization Scheme, restricted as SPEC section 1 requires: numbers are safe
 * integers only, so JCS's ECMAScript number formatting never comes into play.
 *
 * Values that JSON.stringify would silently drop or alter are refused instead, because the bytes
 * we sign must be a faithful image of the value the caller holds.
 */

type Path = Array<string | number>;

/** Past this depth objects on the path are tracked, so a cycle is named as one (see serialize). */
const CYCLE_CHECK_DEPTH = 32;

function refuse(message: string, path: Path): TallyError {
  return new TallyError('non_canonical_value', message, [...path]);
}

/**
 * JSON string literal as ECMAScript's QuoteJSONString writes it (RFC 8785 section 3.2.2.2). For a
 * well-formed string that is exactly what JSON.stringify produces, natively and fast; only lone
 * surrogates (which it would escape rather than refuse) need checking first.
 */
function quoteString(text: string, path: Path): string {
  if (!isWellFormedString(text)) throw refuse('string contains a lone surrogate', path);
  return JSON.stringify(text);
}

function serializeNumber(n: number, path: Path): string {
  if (!Number.isFinite(n)) throw refuse('NaN and Infinity have no JSON form', path);
  if (!Number.isInteger(n)) throw refuse('floats are not allowed in canonical values', path);
  if (!Number.isSafeInteger(n)) throw refuse('integer is outside the safe range |n| <= 2^53-1', path);
  // -0 serialises as 0, exactly as JSON.stringify and RFC 8785 do; for a safe integer String()
  // never uses an exponent.
  return Object.is(n, -0) ? '0' : String(n);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function serialize(value: unknown, path: Path, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return quoteString(value, path);
    case 'number':
      return serializeNumber(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      // undefined, bigint, symbol, function: JSON has no faithful form for any of them.
      throw refuse(`a value of type ${typeof value} cannot be canonicalised`, path);
  }
  if (value === null) return 'null';
  if (path.length >= MAX_DEPTH) throw refuse(`value is nested deeper than ${MAX_DEPTH}`, path);
  // Only objects still open on the current path form a cycle; the set is allocated lazily and
  // checked once the path is deep, since JSON from outside (the common input) never has cycles
  // and the depth bound already stops a cycle from recursing without end.
  if (path.length >= CYCLE_CHECK_DEPTH) {
    if (open.has(value)) throw refuse('value contains a cycle', path);
    open.add(value);
    try {
      return Array.isArray(value) ? serializeArray(value, path, open) : serializeObject(value, path, open);
    } finally {
      open.delete(value);
    }
  }
  return Array.isArray(value) ? serializeArray(value, path, open) : serializeObject(value, path, open);
}

function serializeArray(items: unknown[], path: Path, open: Set<object>): string {
  if (Object.getPrototypeOf(items) !== Array.prototype) throw refuse('array subclasses are not allowed', path);
  const parts: string[] = [];
  for (let i = 0; i < items.length; i++) {
    // The path is one shared stack, copied only into an error, so canonicalising stays linear.
    path.push(i);
    // A hole would read as undefined; JSON.stringify would turn it into null behind our back.
    if (!(i in items)) throw refuse('sparse arrays are not allowed', path);
    parts.push(serialize(items[i], path, open));
    path.pop();
  }
  return '[' + parts.join(',') + ']';
}

function serializeObject(obj: object, path: Path, open: Set<object>): string {
  if (!isPlainObject(obj)) throw refuse('only plain objects can be canonicalised', path);
  if (Object.getOwnPropertySymbols(obj).length > 0) throw refuse('symbol keys are not allowed', path);
  // Default sort compares UTF-16 code units, which is exactly RFC 8785's key order.
  const keys = Object.keys(obj).sort();
  const record = obj as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of keys) {
    path.push(key);
    parts.push(quoteString(key, path) + ':' + serialize(record[key], path, open));
    path.pop();
  }
  return '{' + parts.join(',') + '}';
}

/**
 * The RFC 8785 canonical JSON text of `value`.
 *
 * Requires a tree of plain objects, arrays, strings, booleans, null and safe integers.
 * @throws TallyError `non_canonical_value` (with the path of the offending value) on floats,
 *   NaN/Infinity, integers beyond 2^53-1, bigint, undefined (also as an object member), functions,
 *   symbols, sparse arrays, non-plain objects (Date, Map, class instances, typed arrays), cycles,
 *   nesting deeper than 256, and strings or keys containing a lone surrogate.
 * @example canonicalize({ b: 1, a: [true, null] }) === '{"a":[true,null],"b":1}'
 */
export function canonicalize(value: unknown): string {
  // A value already in canonical order (what a stored entry parses to) is written natively.
  if (stringifiesCanonically(value)) return JSON.stringify(value);
  return serialize(value, [], new Set());
}

/**
 * UTF-8 bytes of {@link canonicalize}: the bytes Tally signs and hashes.
 * @throws TallyError `non_canonical_value` as {@link canonicalize}.
 */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8Encode(canonicalize(value));
}
