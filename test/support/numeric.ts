/**
 * Report grams are unbounded integers sent as strings of digits (SPEC 1). Tests write their
 * hand-computed figures as numbers, which stay below 2^53; this turns a response's digit strings
 * back into numbers, leaving names (countries, materials, participants) alone.
 */
const NAME_FIELDS = new Set(['homeCountry', 'participant', 'material', 'from', 'to', 'country']);

/** Strings of digits (unbounded grams) as numbers, deeply; tests' figures stay below 2^53. */
export function numeric<T>(value: T): any {
  if (typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)) return Number(value);
  if (Array.isArray(value)) return value.map(numeric);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, NAME_FIELDS.has(k) ? v : numeric(v)]));
  return value;
}
