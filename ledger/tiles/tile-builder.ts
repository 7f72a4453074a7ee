import { TallyError } from '../errors.js';
import { HASH_LENGTH } from '../crypto/hash.js';
import { CompactRange, rootFromLeafHashes } from '../merkle/compact.js';
import { TILE_WIDTH, type TileId } from './tile-path.js';

/** A hash tile's content: its id and its hashes, concatenated (32 bytes each). */
export interface HashTile {
  tile: TileId;
  bytes: Uint8Array;
}

/**
 * Builds every hash tile of a log from its leaf hashes, in order, keeping only one partial tile
 * per level in memory. A tile completed at level L is hashed (the Merkle tree hash of its 256
 * hashes, the subtree at tree level 8(L+1)) into level L+1. A mirror uses it to recompute the
 * tiles a server sent and so check each against the leaves and, through `root()`, the checkpoint.
 */
export class TileBuilder {
  readonly #tree = new CompactRange();
  /** Per tile level, the hashes of the rightmost (partial) tile so far. */
  readonly #levels: Uint8Array[][] = [];
  /** Per tile level, the index of that rightmost tile. */
  readonly #indexes: number[] = [];

  get size(): number {
    return this.#tree.size;
  }

  /**
   * Appends one leaf hash; returns the full tiles it completes, level 0 first.
   * Requires a 32-byte hash.
   * @throws TallyError `invalid_range` for a hash of another length.
   */
  append(leafHash: Uint8Array): HashTile[] {
    if (leafHash.length !== HASH_LENGTH) throw new TallyError('invalid_range', 'leaf hash must be 32 bytes');
    this.#tree.append(leafHash);
    const completed: HashTile[] = [];
    let hash = leafHash;
    for (let level = 0; ; level++) {
      const hashes = (this.#levels[level] ??= []);
      this.#indexes[level] ??= 0;
      hashes.push(hash);
      if (hashes.length < TILE_WIDTH) break;
      completed.push({ tile: { level, index: this.#indexes[level]!, width: TILE_WIDTH }, bytes: concat(hashes) });
      hash = rootFromLeafHashes(hashes);
      this.#levels[level] = [];
      this.#indexes[level]!++;
    }
    return completed;
  }

  /** The partial tiles of the tree so far (those with at least one hash), level 0 first. */
  partialTiles(): HashTile[] {
    return this.#levels.flatMap((hashes, level) =>
      hashes.length === 0 ? [] : [{ tile: { level, index: this.#indexes[level]!, width: hashes.length }, bytes: concat(hashes) }],
    );
  }

  /** RFC 6962 root of the leaves appended so far. */
  root(): Uint8Array {
    return this.#tree.root();
  }
}

function concat(hashes: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(hashes.length * HASH_LENGTH);
  hashes.forEach((hash, i) => out.set(hash, i * HASH_LENGTH));
  return out;
}

/**
 * Splits a hash tile's bytes into hashes.
 * @throws TallyError `invalid_tile` unless it holds exactly `width` 32-byte hashes.
 */
export function splitHashTile(bytes: Uint8Array, width: number): Uint8Array[] {
  if (bytes.length !== width * HASH_LENGTH) throw new TallyError('invalid_tile', `a tile of width ${width} is ${width * HASH_LENGTH} bytes, not ${bytes.length}`);
  return Array.from({ length: width }, (_, i) => bytes.subarray(i * HASH_LENGTH, (i + 1) * HASH_LENGTH));
}
