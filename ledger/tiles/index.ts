/** C2SP tlog-tiles: paths, tile arithmetic, entry bundles and tile building, as pure functions. */
export { encodeTileIndex, parseTilePath, tilePath, MAX_TILE_LEVEL, TILE_HEIGHT, TILE_WIDTH, type TileId } from './tile-path.js';
export { bundleRange, tilesBetween, tileSubtrees, tileWidthAt, treeHasTile } from './tile-math.js';
export { decodeEntryBundle, encodeEntryBundle, MAX_ENTRY_BYTES } from './entry-bundle.js';
export { splitHashTile, TileBuilder, type HashTile } from './tile-builder.js';
