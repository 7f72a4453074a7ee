/**
 * Compares two keys in the order a backend's scan yields them: byte order of their UTF-8, which is
 * code point order (backend.ts). JavaScript's `<` compares UTF-16 code units instead, and the two
 * disagree where a character above U+FFFF (a surrogate pair, D800-DFFF) meets one in E000-FFFF:
 * anything that walks two scans side by side must use this, or one odd key could throw the walk
 * out of step. Every key Tally writes is ASCII, so the fix-up below is for a store someone else
 * wrote to.
 * @returns negative, zero or positive as `a` sorts before, with or after `b`
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 code unit's place in code point order: surrogates (D800-DFFF) after E000-FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}
