import fc from 'fast-check';
import { expect, it } from 'vitest';
import { isTimestamp } from '../../schemas/primitives.js';

/** What isTimestamp used to be, and must still agree with: the regex, then a Date round trip. */
function byDateRoundTrip(text: string): boolean {
  if (!/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{3})?Z$/.test(text)) return false;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return false;
  const iso = new Date(ms).toISOString();
  return text.length === 20 ? iso.slice(0, 19) + 'Z' === text : iso === text;
}

const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));

it('accepts exactly the instants a Date round trip accepts, impossible days and times included', () => {
  const text = fc
    .tuple(digits(4, 9999), digits(2, 19), digits(2, 39), digits(2, 29), digits(2, 69), digits(2, 69), fc.option(digits(3, 999)))
    .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${ms === null ? '' : '.' + ms}Z`);
  fc.assert(fc.property(text, (t) => isTimestamp(t) === byDateRoundTrip(t)), { numRuns: 20_000 });
  for (const t of ['2024-02-29T00:00:00Z', '2000-02-29T12:00:00.000Z', '2026-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z']) expect(isTimestamp(t), t).toBe(true);
  for (const t of ['2026-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:59:60Z', '2026-13-01T00:00:00Z', '2026-01-01T00:00:00+00:00', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00.5Z']) {
    expect(isTimestamp(t), t).toBe(false);
    expect(byDateRoundTrip(t), t).toBe(false);
  }
});

it('refuses whatever the pattern refuses: any character out of place, any length', () => {
  // Near misses of a valid time, one character replaced, dropped or added, and strings of the
  // characters a timestamp is made of.
  const valid = '2026-03-01T09:30:00.000Z';
  const chars = fc.constantFrom(...'0123456789-T:.Z+ z٣\u0000'.split(''));
  const nearMiss = fc.tuple(fc.integer({ min: 0, max: valid.length }), fc.option(chars), fc.boolean(), fc.boolean()).map(([at, char, drop, short]) => {
    const base = short ? valid.slice(0, 19) + 'Z' : valid;
    const i = Math.min(at, base.length);
    return base.slice(0, i) + (char ?? '') + base.slice(drop ? i + 1 : i);
  });
  const shaped = fc.array(chars, { minLength: 18, maxLength: 26 }).map((a) => a.join(''));
  fc.assert(fc.property(fc.oneof(nearMiss, shaped), (t) => isTimestamp(t) === byDateRoundTrip(t)), { numRuns: 20_000 });
});
