/**
 * Exact decimals (issue 9, item 12): a claim's `atLeast` is compared against the decimal the client
 * wrote, as a fraction of integers, never as the double nearest to it. Pure and browser-safe.
 */

/** JSON's number grammar (RFC 8259 s.6), which is also what a decimal string must follow. */
export const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/**
 * Bounds that keep the arithmetic small whatever a client sends (10^1000000 would be a megabyte
 * BigInt): at most this many digits, and an exponent at most this large either way.
 */
export const MAX_DECIMAL_DIGITS = 64;
export const MAX_DECIMAL_EXPONENT = 64;

export interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/**
 * The exact value of a decimal in JSON number syntax, as numerator / denominator (denominator a
 * power of ten), or undefined if the text is not one or exceeds the bounds above.
 * @example parseDecimal('0.64') -> { numerator: 64n, denominator: 100n }
 */
export function parseDecimal(text: string): Fraction | undefined {
  const match = JSON_NUMBER.exec(text);
  if (!match) return undefined;
  const [, whole, fractionPart = '', exponentPart = ''] = match;
  const fraction = fractionPart.slice(1);
  const exponent = exponentPart === '' ? 0 : Number(exponentPart.slice(1));
  if (whole!.length + fraction.length > MAX_DECIMAL_DIGITS || Math.abs(exponent) > MAX_DECIMAL_EXPONENT) return undefined;
  let numerator = BigInt(whole! + fraction) * (text.startsWith('-') ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  if (exponent > 0) numerator *= 10n ** BigInt(exponent);
  if (exponent < 0) denominator *= 10n ** BigInt(-exponent);
  return { numerator, denominator };
}

/**
 * The decimal a double stands for when it came from at most 15 significant digits of text: then
 * `String(x)`, the shortest text that round-trips, gives those very digits back. Undefined for a
 * double whose shortest text needs 16 or 17 digits: it may have come from longer text that no
 * double can hold, so it cannot be compared as written.
 */
export function decimalOfDouble(x: number): Fraction | undefined {
  if (!Number.isFinite(x)) return undefined;
  const text = String(x);
  const [mantissa = ''] = text.split('e');
  const digits = mantissa.replace(/[-.]/g, '').replace(/^0+/, '');
  if (digits.length > 15) return undefined;
  return parseDecimal(text.replace('e+', 'e'));
}

/** 15: every decimal of at most this many significant digits survives the trip through a double. */
export const DOUBLE_EXACT_DIGITS = 15;

/**
 * Rewrites every number token of valid JSON text as a string holding its exact text, so that a
 * parse keeps numbers as written (`{"atLeast":0.681818181818181819}` -> `{"atLeast":"0.681818181818181819"}`).
 * Requires `json` to be valid JSON (the caller parsed it already); strings are copied untouched.
 */
export function numbersAsText(json: string): string {
  let out = '';
  let i = 0;
  while (i < json.length) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < json.length && /[-+.eE0-9]/.test(json[j]!)) j++;
      out += `"${json.slice(i, j)}"`;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
