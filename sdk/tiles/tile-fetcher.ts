import { TallyError } from '../../ledger/errors.js';
import { utf8Decode } from '../../ledger/encoding/bytes.js';
import { tilePath, type TileId } from '../../ledger/tiles/index.js';

/**
 * Reading a C2SP tlog-tiles log with nothing but `fetch`, so the same code runs in Node and in a
 * browser, against the log itself, a static mirror, an object store or a CDN.
 */

/** Reads a path below the log prefix (`checkpoint`, `tile/0/000`); undefined for a 404. */
export type TileFetcher = (path: string) => Promise<Uint8Array | undefined>;

/**
 * A fetcher over HTTP(S) for the tiles under `prefix` (e.g. `https://log.example/tlog`).
 * @throws Error on a network failure or any status other than 200 and 404.
 */
export function httpTileFetcher(prefix: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): TileFetcher {
  const base = prefix.replace(/\/+$/, '');
  return async (path) => {
    const res = await fetchImpl(`${base}/${path}`, { headers: { 'accept-encoding': 'gzip, identity' } });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`GET ${base}/${path}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
}

/**
 * The checkpoint text at `<prefix>/checkpoint`.
 * @throws TallyError `invalid_tile` when there is none.
 */
export async function fetchCheckpointText(fetcher: TileFetcher): Promise<string> {
  const bytes = await fetcher('checkpoint');
  if (bytes === undefined) throw new TallyError('invalid_tile', 'the tile source has no checkpoint');
  return utf8Decode(bytes);
}

/**
 * A tile that a verified checkpoint says exists. A partial tile may have been replaced by its full
 * tile (C2SP allows deleting partial tiles once full), so on a 404 the full tile is read and cut.
 * @throws TallyError `invalid_tile` when neither exists.
 */
export async function fetchTile(fetcher: TileFetcher, tile: TileId, bytesPerItem?: number): Promise<Uint8Array> {
  const bytes = await fetcher(tilePath(tile));
  if (bytes !== undefined) return bytes;
  if (tile.width < 256) {
    const full = await fetcher(tilePath({ ...tile, width: 256 }));
    if (full !== undefined) return bytesPerItem === undefined ? full : full.subarray(0, tile.width * bytesPerItem);
  }
  throw new TallyError('invalid_tile', `${tilePath(tile)} is missing from the tile source`);
}
