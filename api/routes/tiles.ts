import { Router, type Response } from 'express';
import type { Ledger } from '../../ledger/store/ledger.js';
import { readTile } from '../../ledger/store/tile-source.js';
import { parseTilePath } from '../../ledger/tiles/index.js';
import { CHECKPOINT_CACHE_CONTROL } from './log.js';

/** Tiles never change once they exist: any cache may keep them for a year (C2SP tlog-tiles). */
export const TILE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * The log as C2SP tlog-tiles under `/tlog/` (SPEC 5.1): the checkpoint, hash tiles and entry
 * bundles. A tile the tree does not have yet is a plain 404 with no caching, since it will
 * exist later; every path that is not a canonical tile path is a 404 too.
 */
export function tileRoutes(ledger: Ledger, checkpoint: () => string): Router {
  const router = Router();

  router.get('/checkpoint', (_req, res) => {
    res.setHeader('Cache-Control', CHECKPOINT_CACHE_CONTROL);
    res.type('text/plain; charset=utf-8').send(checkpoint());
  });

  router.get(/^\/tile\/.+$/, async (req, res) => {
    const tile = parseTilePath(req.path.slice(1));
    const bytes = tile === undefined ? undefined : await readTile(ledger, tile);
    if (bytes === undefined) return notFound(res);
    res.setHeader('Cache-Control', TILE_CACHE_CONTROL);
    res.type('application/octet-stream').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });

  return router;
}

function notFound(res: Response): void {
  res.status(404).setHeader('Cache-Control', 'no-store');
  res.type('text/plain; charset=utf-8').send('no such tile (yet)\n');
}
