import { TallyError } from '../../ledger/errors.js';
import { bytesEqual, toHex } from '../../ledger/encoding/bytes.js';
import { leafHash } from '../../ledger/crypto/hash.js';
import { nobleVerify, type VerifyFn } from '../../ledger/crypto/signature.js';
import { parseCheckpoint, type Checkpoint } from '../../ledger/log/checkpoint.js';
import { decodeEntryBundle, encodeEntryBundle, splitHashTile, TILE_WIDTH, tilePath, tilesBetween, TileBuilder, type TileId } from '../../ledger/tiles/index.js';
import { fetchCheckpointText, fetchTile, type TileFetcher } from './tile-fetcher.js';

/**
 * Mirroring a tiled log (C2SP tlog-tiles) and checking every tile on the way. The mirror trusts
 * nothing it fetches: it rebuilds every hash tile from the entries (each entry bundle must hash to
 * its level-0 tile, each higher tile must be the hashes of the full tiles below), compares what
 * the source sent byte for byte, and requires the rebuilt root to be the one the verified
 * checkpoint signs. An extension starts from the tiles already mirrored, so the new tree provably
 * extends the old one (the old leaves are its prefix). Browser-safe: I/O is the two callbacks.
 */

export interface MirrorTarget {
  /** The checkpoint mirrored last time, if any. */
  checkpoint(): Promise<string | undefined>;
  /** Reads a tile already mirrored (undefined if absent). */
  read: TileFetcher;
  /** Stages a verified tile; nothing is published until `publish`. */
  stage(path: string, bytes: Uint8Array): Promise<void>;
  /** Makes the staged tiles visible, then the checkpoint (last, so readers never see it first). */
  publish(checkpoint: string): Promise<void>;
}

export interface MirrorResult {
  checkpoint: Checkpoint;
  /** Size mirrored before this run. */
  previousSize: number;
  tilesWritten: number;
}

/**
 * Brings `target` up to the source's current checkpoint.
 * @param check verifies the source checkpoint (signature, and a policy if the caller has one).
 * @throws TallyError `invalid_checkpoint` (bad signature), `rollback_detected` (the source is
 *   smaller than the mirror), `fork_detected` (same size, other root, or the source's tiles do
 *   not extend the mirrored leaves), `invalid_tile` (a tile that does not match).
 */
export async function mirrorTiles(options: {
  source: TileFetcher;
  target: MirrorTarget;
  logKey: string;
  verify?: VerifyFn;
  check?: (checkpointText: string) => void;
  onProgress?: (done: number, total: number) => void;
}): Promise<MirrorResult> {
  const verify = options.verify ?? nobleVerify;
  const text = await fetchCheckpointText(options.source);
  const checkpoint = parseCheckpoint(text, options.logKey, verify);
  options.check?.(text);
  const previousText = await options.target.checkpoint();
  const previous = previousText === undefined ? undefined : parseCheckpoint(previousText, options.logKey, verify);
  const fromSize = previous?.size ?? 0;
  if (checkpoint.size < fromSize) throw new TallyError('rollback_detected', `the source presents size ${checkpoint.size}, the mirror holds ${fromSize}`);
  if (checkpoint.size === fromSize && previous && previous.rootHash !== checkpoint.rootHash) {
    throw new TallyError('fork_detected', `the source signs size ${fromSize} with root ${checkpoint.rootHash}, the mirror holds ${previous.rootHash}`);
  }

  // The leaves already mirrored, rebuilt from the local level-0 tiles.
  const builder = new TileBuilder();
  for (const tile of tilesBetween(0, fromSize).filter((t) => t.level === 0)) {
    for (const hash of splitHashTile(await fetchTile(options.target.read, tile, 32), tile.width)) builder.append(hash);
  }
  if (previous && toHex(builder.root()) !== previous.rootHash) throw new TallyError('invalid_tile', 'the mirrored tiles do not give the mirrored checkpoint');

  const wanted = tilesBetween(fromSize, checkpoint.size);
  const higher = new Map(wanted.filter((t) => t.level !== 'entries' && t.level > 0).map((t) => [tilePath(t), t]));
  let written = 0;
  const stage = async (tile: TileId, bytes: Uint8Array) => {
    await options.target.stage(tilePath(tile), bytes);
    written++;
  };
  const compareHigher = async (tile: TileId, expected: Uint8Array) => {
    const fetched = await fetchTile(options.source, tile, 32);
    if (!bytesEqual(fetched, expected)) throw new TallyError('invalid_tile', `${tilePath(tile)} does not match the tiles below it`);
    await stage(tile, fetched);
    higher.delete(tilePath(tile));
  };

  for (const tile of wanted.filter((t) => t.level === 0)) {
    const tileBytes = await fetchTile(options.source, tile, 32);
    const hashes = splitHashTile(tileBytes, tile.width);
    const bundleTile: TileId = { level: 'entries', index: tile.index, width: tile.width };
    // A full bundle may stand in for a partial one (fetchTile's fallback): only `width` are used.
    const all = decodeEntryBundle(await fetchTile(options.source, bundleTile));
    if (all.length < tile.width) throw new TallyError('invalid_tile', `${tilePath(bundleTile)} holds ${all.length} entries, not ${tile.width}`);
    const entries = all.slice(0, tile.width);
    const start = tile.index * TILE_WIDTH;
    // Leaves of this tile the mirror already holds: the source must have the same ones.
    const held = builder.partialTiles().find((t) => t.tile.level === 0 && t.tile.index === tile.index);
    if (held && !bytesEqual(held.bytes, tileBytes.subarray(0, held.bytes.length))) {
      throw new TallyError('fork_detected', `${tilePath(tile)} differs from the leaves the mirror holds: the source is another history`);
    }
    for (let i = 0; i < tile.width; i++) {
      if (!bytesEqual(leafHash(entries[i]!), hashes[i]!)) throw new TallyError('invalid_tile', `entry ${start + i} does not hash to its level-0 tile`);
      if (start + i < builder.size) continue;
      for (const full of builder.append(hashes[i]!)) if (full.tile.level !== 0) await compareHigher(full.tile, full.bytes);
    }
    await stage(tile, tileBytes);
    await stage(bundleTile, encodeEntryBundle(entries));
    options.onProgress?.(start + tile.width, checkpoint.size);
  }
  for (const partial of builder.partialTiles()) if (partial.tile.level !== 0 && higher.has(tilePath(partial.tile))) await compareHigher(partial.tile, partial.bytes);
  if (higher.size > 0) throw new TallyError('invalid_tile', `tiles ${[...higher.keys()].join(', ')} were never checked`);
  if (toHex(builder.root()) !== checkpoint.rootHash) {
    throw new TallyError(previous ? 'fork_detected' : 'invalid_tile', `the tiles give root ${toHex(builder.root())}, the checkpoint of size ${checkpoint.size} signs ${checkpoint.rootHash}`);
  }
  await options.target.publish(text);
  return { checkpoint, previousSize: fromSize, tilesWritten: written };
}

