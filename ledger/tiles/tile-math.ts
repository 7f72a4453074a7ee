import { TallyError } from '../errors.js';
import type { SubtreeId } from '../merkle/tree-math.js';
import { MAX_TILE_LEVEL, TILE_HEIGHT, TILE_WIDTH, type TileId } from './tile-path.js';

/**
 * Which tiles a tree of a given size has, and which stored subtree hashes make up a hash tile.
 * Hash `i` of tile (L, N) is the Merkle tree hash of the complete subtree of 256^L leaves
 * starting at leaf (N * 256 + i) * 256^L: the subtree at tree level 8L, index N * 256 + i.
 */

/** 256^level, exact up to the largest size a log can reach. */
function leavesPerHash(level: number): number {
  return 2 ** (TILE_HEIGHT * level);
}

/**
 * How many hashes tile (level, index) holds in a tree of `size` leaves: 256 for a full tile,
 * 1..255 for the rightmost partial tile, 0 when the tile does not exist (yet).
 * Requires non-negative safe integers.
 */
export function tileWidthAt(level: number, index: number, size: number): number {
  const hashes = Math.floor(size / leavesPerHash(level));
  return Math.max(0, Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH));
}

/**
 * True when a tree of `size` leaves contains the tile `tile` (full, or a partial tile of exactly
 * that width or less: a partial tile of a smaller, earlier tree is still a prefix of it).
 */
export function treeHasTile(tile: TileId, size: number): boolean {
  const level = tile.level === 'entries' ? 0 : tile.level;
  return tile.width <= tileWidthAt(level, tile.index, size);
}

/**
 * Every tile of a tree of `size` leaves that a tree of `fromSize` leaves did not have in the same
 * form: new full tiles and the current partial ones, hash tiles per level then entry bundles.
 * `fromSize` 0 lists the whole tree.
 * Requires 0 <= fromSize <= size.
 * @throws TallyError `invalid_range` otherwise.
 */
export function tilesBetween(fromSize: number, size: number): TileId[] {
  if (!(Number.isSafeInteger(fromSize) && Number.isSafeInteger(size) && fromSize >= 0 && fromSize <= size)) {
    throw new TallyError('invalid_range', 'need 0 <= fromSize <= size');
  }
  const tiles: TileId[] = [];
  for (let level = 0; level <= MAX_TILE_LEVEL && Math.floor(size / leavesPerHash(level)) > 0; level++) {
    const hashesBefore = Math.floor(fromSize / leavesPerHash(level));
    const hashes = Math.floor(size / leavesPerHash(level));
    if (hashes === hashesBefore) continue;
    for (let index = Math.floor(hashesBefore / TILE_WIDTH); index * TILE_WIDTH < hashes; index++) {
      tiles.push({ level, index, width: tileWidthAt(level, index, size) });
    }
  }
  for (const tile of tiles.filter((t) => t.level === 0)) tiles.push({ ...tile, level: 'entries' });
  return tiles;
}

/**
 * The stored complete subtrees whose hashes, in order, are the content of hash tile `tile`.
 * Requires a hash tile (not an entry bundle).
 */
export function tileSubtrees(tile: TileId): SubtreeId[] {
  if (tile.level === 'entries') throw new TallyError('invalid_range', 'an entry bundle holds entries, not subtree hashes');
  const level = tile.level * TILE_HEIGHT;
  return Array.from({ length: tile.width }, (_, i) => ({ level, index: tile.index * TILE_WIDTH + i }));
}

/** The leaf range [start, end) entry bundle `tile` holds. */
export function bundleRange(tile: TileId): { start: number; end: number } {
  const start = tile.index * TILE_WIDTH;
  return { start, end: start + tile.width };
}
