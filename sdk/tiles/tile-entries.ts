import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../../ledger/errors.js';
import { utf8Decode } from '../../ledger/encoding/bytes.js';
import { decodeEntryBundle, TILE_WIDTH, tileWidthAt } from '../../ledger/tiles/index.js';
import { fetchTile, type TileFetcher } from './tile-fetcher.js';

/**
 * `(from, limit) => entries` over entry bundles, as replayLog takes it: the whole log can be
 * replayed from tiles alone, with no API server. `size` is the verified checkpoint's size, which
 * says which bundles (full or partial) exist. A bundle holding a full tile where a partial one
 * was asked for is cut to the entries needed.
 * @throws TallyError `invalid_tile` for a missing or malformed bundle, or one that holds too few
 *   entries, or an entry that is not JSON.
 */
export function tileEntryPager(fetcher: TileFetcher, size: number): (from: number, limit: number) => Promise<Entry[]> {
  const leaves = tileLeafPager(fetcher, size);
  return async (from, limit) =>
    (await leaves(from, limit)).map((bytes, i) => {
      try {
        return JSON.parse(utf8Decode(bytes)) as Entry;
      } catch {
        throw new TallyError('invalid_tile', `entry ${from + i} is not JSON`);
      }
    });
}

/**
 * The exact leaf bytes of entries from `from`, at most `limit`, never past the bundle holding
 * `from` (so a page is one fetch).
 * @throws TallyError `invalid_tile` as {@link tileEntryPager}.
 */
export function tileLeafPager(fetcher: TileFetcher, size: number): (from: number, limit: number) => Promise<Uint8Array[]> {
  return async (from, limit) => {
    if (from >= size || limit <= 0) return [];
    const index = Math.floor(from / TILE_WIDTH);
    const width = tileWidthAt(0, index, size);
    const bundle = decodeEntryBundle(await fetchTile(fetcher, { level: 'entries', index, width }));
    if (bundle.length < width) throw new TallyError('invalid_tile', `entry bundle ${index} holds ${bundle.length} entries, the checkpoint needs ${width}`);
    const offset = from - index * TILE_WIDTH;
    return bundle.slice(offset, Math.min(width, offset + limit));
  };
}
