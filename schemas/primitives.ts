import { z } from 'zod';
import { countryProblem } from './countries.js';

/**
 * The building blocks of every signed event and API view (SPEC section 1). Each schema accepts
 * exactly one spelling of a value, so two implementations that parse the same JSON agree on what
 * was signed. Safe integers only (zod 4's `z.int()` refuses anything beyond 2^53-1, floats and
 * exponents that are not integral), well-formed Unicode only.
 */

/** Code points of a string: SPEC limits such as "at most 1000 chars" count characters, not UTF-16 units. */
function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * True when `text` has at most `max` code points. A string has no more code points than UTF-16
 * units, so one no longer than `max` units needs no count: every event's labels and notes are
 * checked on every submission and every replayed entry, and the count walks the whole string (a
 * transfer with a 900-character note parsed in 1.1 to 1.6 us against 7.9 us with the count;
 * scratch, alternating passes, stop 31).
 */
function atMostCodePoints(text: string, max: number): boolean {
  return text.length <= max || codePointLength(text) <= max;
}

const LONE_SURROGATE = /\p{Surrogate}/u;
const CONTROL_CHARACTER = /\p{Cc}/u;

/** Well-formed Unicode text of at most `max` characters (newlines and tabs allowed). */
export function freeText(max: number) {
  return z
    .string()
    .refine((s) => !LONE_SURROGATE.test(s), 'string must be well-formed Unicode (no lone surrogates)')
    .refine((s) => atMostCodePoints(s, max), `at most ${max} characters`);
}

/** A one-line human label: 1..`max` characters, well-formed, no control characters. */
export function label(max: number) {
  return z
    .string()
    .min(1)
    .refine((s) => !LONE_SURROGATE.test(s), 'string must be well-formed Unicode (no lone surrogates)')
    .refine((s) => !CONTROL_CHARACTER.test(s), 'control characters are not allowed')
    .refine((s) => atMostCodePoints(s, max), `at most ${max} characters`);
}

/** Participant, site, batch and event ids (SPEC 1): no `/`, so they sit in URL paths and state keys as they are. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'id must be 1-128 characters of [A-Za-z0-9._:-]')
  .describe('Identifier: 1-128 characters of [A-Za-z0-9._:-], case-sensitive');

/** The actor name of entries the log itself writes; never a participant id. */
export const LOG_ACTOR = 'log';

/** The participant id genesis gives the registrar (SPEC 3.1). */
export const REGISTRAR_ID = 'registrar';

export const participantIdSchema = idSchema
  .refine((id) => id !== LOG_ACTOR, `"${LOG_ACTOR}" is reserved for the log itself`)
  .describe('Participant id');

/**
 * ISO 3166-1 alpha-2, officially assigned (SPEC 1): `UK` and `ZZ` are refused, `UK` with the hint
 * `GB` (countries.ts). Refusing at the edge matters because a batch of a wrong country silently
 * drops out of the home-country figures for good.
 */
export const countrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code (two capital letters)')
  .superRefine((code, ctx) => {
    const problem = /^[A-Z]{2}$/.test(code) ? countryProblem(code) : undefined;
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('ISO 3166-1 alpha-2 country code, officially assigned');

/** A lowercase word naming a material or form (`aluminium`, `scrap`); hyphens allowed (`rare-earths`). */
export const wordSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lowercase word: [a-z][a-z0-9-]*, at most 64 characters');

export const materialSchema = wordSchema.describe('Material, a lowercase word such as aluminium, copper, steel, lithium');
export const formSchema = wordSchema.describe('Physical form, a lowercase word such as scrap, ingot, rod, cathode');

/**
 * SPEC 1: one event's mass figure is at most 10^12 g (1 Mt), so no single event can push a shared
 * counter anywhere near the limits of a number, and every product in the arithmetic stays small.
 */
export const MAX_EVENT_MASS_G = 1_000_000_000_000;

/** A decimal mass is the commonest mistake (12.5 meaning tonnes): say what the unit is. */
const wholeGrams = {
  error: (issue: { input?: unknown }) =>
    typeof issue.input === 'number' && Number.isFinite(issue.input) && !Number.isInteger(issue.input)
      ? `masses are whole grams: ${issue.input} is not an integer (12.5 t is 12500000)`
      : undefined,
};


/** Mass in integer grams; at least 1 g, because a zero-gram batch or movement records nothing. */
export const massGSchema = z.int(wholeGrams).min(1).max(MAX_EVENT_MASS_G).describe('Mass in integer grams (at least 1, at most 10^12)');

/** A mass that may be zero (consumed batches). */
export const massOrZeroGSchema = z.int().min(0).describe('Mass in integer grams (a safe integer)');

/**
 * An aggregate over many events (report totals): unbounded (SPEC 1), so a JSON string of decimal
 * digits, which a client reads with BigInt. No event can make such a counter refuse another.
 */
export const gramsTotalSchema = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/, 'must be a non-negative integer as a string of decimal digits')
  .describe('Grams, an unbounded integer as a string of decimal digits (read it with BigInt)');

export const seqSchema = z.int().min(0).describe('Log position (entry seq)');

export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash in 64 lowercase hex digits')
  .describe('SHA-256, 64 lowercase hex digits');

/** A 32-byte Ed25519 public key, base64url without padding (43 characters). */
export const publicKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'public key must be 32 bytes in base64url without padding')
  .describe('Ed25519 public key, 32 bytes, base64url without padding');

/** SPEC 2: the first 16 hex characters of SHA-256(public key). */
export const keyIdSchema = z
  .string()
  .regex(/^[0-9a-f]{16}$/, 'keyId must be 16 lowercase hex digits')
  .describe('Key id: first 16 hex characters of SHA-256(public key)');

/** A 64-byte Ed25519 signature, base64url without padding (86 characters). */
export const signatureSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, 'signature must be 64 bytes in base64url without padding')
  .describe('Ed25519 signature, 64 bytes, base64url without padding');

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/;

/** Days in `month` (1-12) of the proleptic Gregorian `year`. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of the `count` decimal digits of `text` at `at`, or -1 if any is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * True when `text` is an RFC 3339 UTC time with `Z`, second or millisecond precision, naming a real
 * instant: a day that exists (no 2026-02-30), hours to 23, minutes and seconds to 59 (no leap
 * second, which no clock here writes). The same strings TIMESTAMP matches, read by position
 * rather than by a regular expression and a Date round trip: every event and entry carries
 * timestamps, and this runs for each on ingest and replay (a match allocated seven strings).
 */
export function isTimestamp(text: string): boolean {
  const length = text.length;
  if (length !== 20 && length !== 24) return false;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[length - 1] !== 'Z') return false;
  if (length === 24 && (text[19] !== '.' || digitsAt(text, 20, 3) < 0)) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}

export const timestampSchema = z
  .string()
  .regex(TIMESTAMP, 'must be RFC 3339 UTC with Z, second or millisecond precision (2026-03-01T09:30:00Z)')
  .refine(isTimestamp, 'must be RFC 3339 UTC with Z, second or millisecond precision (2026-03-01T09:30:00Z)')
  .describe('RFC 3339 UTC time with Z, second or millisecond precision');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A UTC calendar day `YYYY-MM-DD`, as the retention report buckets time. */
export const daySchema = z
  .string()
  .regex(DAY, 'must be a calendar day YYYY-MM-DD')
  .refine((d) => DAY.test(d) && isTimestamp(`${d}T00:00:00Z`), 'must be a calendar day YYYY-MM-DD')
  .describe('UTC calendar day, YYYY-MM-DD');

/**
 * The log's origin (SPEC 5): a C2SP key name, so no spaces and no `+`, which separates the parts
 * of a verifier key string.
 */
export const originSchema = z
  .string()
  .regex(/^[\x21-\x2a\x2c-\x7e]{1,255}$/, 'origin must be 1-255 printable ASCII characters without space or "+"')
  .describe("The log's origin string");

/** `<name>+<8 hex>+<base64(0x01 || pub)>` (SPEC 5); the name and id are checked against the key at genesis. */
export const verifierKeySchema = z
  .string()
  .regex(
    /^[\x21-\x2a\x2c-\x7e]{1,255}\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/,
    'must be a C2SP verifier key string <name>+<8 hex key id>+<base64(0x01 || public key)>',
  )
  .describe('C2SP signed-note verifier key string of the log key');

export const ROLES = ['registrar', 'auditor', 'mine', 'recycler', 'processor', 'fabricator', 'manufacturer', 'trader'] as const;
export const roleSchema = z.enum(ROLES).describe('Participant role');
export type Role = z.infer<typeof roleSchema>;

/** ISO 14021 origin kinds; run-around scrap reused in the same process is not pre-consumer. */
export const ORIGIN_KINDS = ['post-consumer', 'pre-consumer', 'primary'] as const;
export const originKindSchema = z.enum(ORIGIN_KINDS).describe('Origin kind (ISO 14021): primary, pre-consumer or post-consumer');
export type OriginKind = z.infer<typeof originKindSchema>;

export const BATCH_STATUSES = ['active', 'in-transit', 'exported', 'retired', 'consumed'] as const;
export const batchStatusSchema = z.enum(BATCH_STATUSES).describe('Batch status');
export type BatchStatus = z.infer<typeof batchStatusSchema>;

/** One part of a composition (SPEC 4.1): grams of one constituent, of one origin kind, from one country. */
export const partSchema = z
  .strictObject({
    material: materialSchema.describe('The constituent: an element or base metal, or `other` for everything no claim is about'),
    kind: originKindSchema,
    country: countrySchema.describe('Country of origin'),
    massG: z.int().min(1).describe('Grams (a safe integer, at least 1)'),
  })
  .describe('Composition part: grams of one constituent of one origin kind from one country');
export type Part = z.infer<typeof partSchema>;

/** A short code such as a Basel (`B1010`), EWC (`17 04 05`) or OECD waste code. */
export const codeSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .*-]{0,31}$/, 'must be a code of 1-32 characters of [A-Za-z0-9 .*-]');

/** A URI with a scheme and no whitespace or control characters (documents are referenced, never embedded). */
export const uriSchema = z
  .string()
  .max(2048)
  .regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s\p{Cc}]*$/u, 'must be a URI with a scheme and no whitespace')
  .refine((s) => !LONE_SURROGATE.test(s), 'string must be well-formed Unicode (no lone surrogates)')
  .describe('URI of the document');
