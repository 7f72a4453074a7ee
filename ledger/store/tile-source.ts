import { concatBytes, utf8Encode } from '../encoding/bytes.js';
import { bundleRange, encodeEntryBundle, tileSubtrees, treeHasTile, type TileId } from '../tiles/index.js';
import type { Ledger } from './ledger.js';

/**
 * C2SP tlog-tiles content from a running ledger. Hash tiles come from the stored complete-subtree
 * hashes (`log/h/<8L>/...`) without reading a leaf; entry bundles from the stored leaf JSON.
 * A tile the committed tree does not (yet) have is undefined: the server answers 404 and a cache
 * stores nothing, since it may exist later.
 */
export async function readTile(ledger: Ledger, tile: TileId): Promise<Uint8Array | undefined> {
  // One read of the size: the tree only grows, so a tile it has stays complete while it is read.
  if (!treeHasTile(tile, ledger.size)) return undefined;
  if (tile.level === 'entries') {
    const { start, end } = bundleRange(tile);
    return encodeEntryBundle((await ledger.entryTexts(start, end)).map(utf8Encode));
  }
  return concatBytes(...(await ledger.subtreeHashes(tileSubtrees(tile))));
}
