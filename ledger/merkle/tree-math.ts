import { TallyError } from '../errors.js';

/**
 * Index arithmetic of RFC 6962 / RFC 9162 trees. Sizes and indices go up to 2^53 - 1, so this
 * uses division and remainder, never the 32-bit bitwise operators.
 */

/**
 * A complete (perfect) subtree: the one at `level` covering leaves
 * [index * 2^level, (index + 1) * 2^level). Level 0 is a single leaf.
 */
export interface SubtreeId {
  level: number;
  index: number;
}

/** True when `n` is a non-negative safe integer, the only sizes and indices a tree has. */
export function isTreeCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** True when `n` is 2^j for some j >= 0. */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * The k of RFC 9162 section 2.1.1: the largest power of two strictly smaller than `n`.
 * Requires n >= 2.
 */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees that exactly tile the leaf range [begin, end), left to right, each as
 * large as its alignment allows. For a range starting at a multiple of a power of two at least
 * as large as the range (every range RFC 9162's recursion produces), the sizes strictly
 * decrease and the range's RFC 6962 hash is the fold of their hashes from the right:
 * MTH = H(s1, H(s2, ... H(s_{k-1}, s_k))).
 * Requires 0 <= begin <= end, both safe integers.
 */
export function tileRange(begin: number, end: number): SubtreeId[] {
  const tiles: SubtreeId[] = [];
  let at = begin;
  while (at < end) {
    let width = 1;
    let level = 0;
    while (at % (width * 2) === 0 && at + width * 2 <= end) {
      width *= 2;
      level++;
    }
    tiles.push({ level, index: at / width });
    at += width;
  }
  return tiles;
}

/**
 * Throws `invalid_range` unless `n` is a non-negative safe integer; `what` names it in the message.
 * @throws TallyError `invalid_range`.
 */
export function assertTreeCount(n: number, what: string): void {
  if (!isTreeCount(n)) throw new TallyError('invalid_range', `${what} must be a non-negative safe integer`);
}
