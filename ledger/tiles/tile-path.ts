import { TallyError } from '../errors.js';

/**
 * C2SP tlog-tiles paths (https://c2sp.org/tlog-tiles): hash tiles `tile/<L>/<N>[.p/<W>]` and
 * entry bundles `tile/entries/<N>[.p/<W>]`, relative to the log's prefix. `<N>` is written in
 * zero-padded 3-digit path elements, all but the last prefixed with `x` (1234067 ->
 * `x001/x234/067`), so a file system can hold the tree as it is served.
 */

/** Hashes (or entries) in a full tile. */
export const TILE_WIDTH = 256;
/** Tree levels one tile level spans: tile level L holds the hashes of tree level 8L. */
export const TILE_HEIGHT = 8;
/** Highest tile level C2SP allows. */
export const MAX_TILE_LEVEL = 63;

/** A tile of the tree: hash tile `level`, or the entry bundle when `level` is `'entries'`. */
export interface TileId {
  level: number | 'entries';
  index: number;
  /** 1..256; 256 is a full tile (no `.p/` suffix). */
  width: number;
}

/**
 * `<N>` in C2SP's path encoding.
 * Requires a non-negative safe integer.
 * @throws TallyError `invalid_range` otherwise.
 */
export function encodeTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new TallyError('invalid_range', 'tile index must be a non-negative safe integer');
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

/**
 * The path of a tile below the log prefix, e.g. `tile/0/x001/234.p/17`, `tile/entries/000`.
 * @throws TallyError `invalid_range` for a level outside 0..63, a width outside 1..256, or a bad index.
 */
export function tilePath(tile: TileId): string {
  const { level, index, width } = tile;
  if (level !== 'entries' && !(Number.isInteger(level) && level >= 0 && level <= MAX_TILE_LEVEL)) {
    throw new TallyError('invalid_range', `tile level must be 0..${MAX_TILE_LEVEL}`);
  }
  if (!(Number.isInteger(width) && width >= 1 && width <= TILE_WIDTH)) throw new TallyError('invalid_range', `tile width must be 1..${TILE_WIDTH}`);
  const suffix = width === TILE_WIDTH ? '' : `.p/${width}`;
  return `tile/${level}/${encodeTileIndex(index)}${suffix}`;
}

const LEVEL = /^(0|[1-9][0-9]?)$/;
const INNER_GROUP = /^x[0-9]{3}$/;
const LAST_GROUP = /^[0-9]{3}$/;
const PARTIAL_WIDTH = /^([1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/;

/**
 * Reads a tile path (below the prefix, without a leading slash). Only the one canonical spelling
 * of each tile is accepted, so a cache never holds two copies of one tile.
 * @returns undefined for anything that is not a canonical tile path.
 */
export function parseTilePath(path: string): TileId | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'tile' || parts.length < 3) return undefined;
  const levelText = parts[1]!;
  let level: TileId['level'];
  if (levelText === 'entries') level = 'entries';
  else if (LEVEL.test(levelText) && Number(levelText) <= MAX_TILE_LEVEL) level = Number(levelText);
  else return undefined;

  let groups = parts.slice(2);
  let width = TILE_WIDTH;
  const last = groups.at(-1)!;
  if (groups.length >= 2 && PARTIAL_WIDTH.test(last) && groups.at(-2)!.endsWith('.p')) {
    width = Number(last);
    groups = [...groups.slice(0, -2), groups.at(-2)!.slice(0, -2)];
  }
  if (groups.length === 0 || groups.length > 6) return undefined;
  let index = 0;
  for (const [i, group] of groups.entries()) {
    const isLast = i === groups.length - 1;
    if (!(isLast ? LAST_GROUP : INNER_GROUP).test(group)) return undefined;
    index = index * 1000 + Number(isLast ? group : group.slice(1));
  }
  if (!Number.isSafeInteger(index)) return undefined;
  // `x000/001` is the same tile as `001`: only the spelling without leading zero groups is canonical.
  if (encodeTileIndex(index) !== groups.join('/')) return undefined;
  return { level, index, width };
}
