// Python's renderings of JSON values and its string order, which the CBV 2.0 event hash reference
// generator (written in Python) bakes into its pre-hash strings. Kept apart so the hash code reads
// as the algorithm, and so each quirk is written down once.

/** Python's str() of a JSON scalar: True/False/None, repr of floats, the string itself. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : pythonFloatRepr(value);
  return String(value);
}

/**
 * Python's repr of a finite non-integral double: the shortest round-trip digits, as JavaScript
 * gives, but in exponent form below 1e-4 with a two-digit exponent ("1e-05", not "0.00001").
 */
export function pythonFloatRepr(value: number): string {
  if (value !== 0 && Math.abs(value) < 1e-4) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

// float() accepts this (underscores between digits, a bare leading or trailing point, signs).
const PY_FLOAT = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const PY_NAN = /^[+-]?nan$/i;
const PY_INF = /^[+-]?inf(?:inity)?$/i;

/**
 * The reference's `_try_format_numeric`: a string Python's float() accepts becomes str(int) when
 * integral, else the float's repr; anything else is left as it is.
 * @throws Error for infinities, where the reference itself fails on the event.
 */
export function pythonNumericForm(text: string): string {
  const t = text.trim();
  if (PY_NAN.test(t)) return text; // int(nan) raises ValueError, which the reference catches
  if (PY_INF.test(t)) throw new Error(`the reference generator cannot hash the value '${text}'`);
  if (!PY_FLOAT.test(t)) return text;
  const value = Number(t.replaceAll('_', ''));
  if (!Number.isFinite(value)) throw new Error(`the reference generator cannot hash the value '${text}'`);
  return Number.isInteger(value) ? BigInt(value).toString() : pythonFloatRepr(value);
}

/** Python's string comparison: by code point, not by UTF-16 unit. */
export function comparePython(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
