import { TallyError } from '../errors.js';
import { HASH_LENGTH, nodeHash, sha256, type NodeHashFn } from '../crypto/hash.js';
import { foldFromRight } from './fold.js';
import type { SubtreeId } from './tree-math.js';

/** A complete subtree together with its hash, as a store persists it. */
export interface SubtreeHash extends SubtreeId {
  hash: Uint8Array;
}

/** RFC 6962 root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/**
 * The compact range [0, size) of a log: the hashes of the complete subtrees along the tree's
 * right edge (at most one per level, largest first). That is all a log needs in memory to append
 * leaves and compute the root in O(log n); every other hash lives in the store.
 */
export class CompactRange {
  #size = 0;
  /** Right-edge subtrees, levels strictly decreasing. */
  #frontier: SubtreeHash[] = [];
  readonly #nodeHash: NodeHashFn;

  /**
   * @param hashNode RFC 6962 interior hash; defaults to @noble/hashes. A server passes node:crypto's
   *   (same bytes, a third of the cost) so that appending stays cheap on the request thread.
   */
  constructor(hashNode: NodeHashFn = nodeHash) {
    this.#nodeHash = hashNode;
  }

  /**
   * Rebuilds a range from its size and frontier hashes (largest subtree first), as stored by
   * {@link frontier}.
   * Requires one 32-byte hash per set bit of `size`.
   * @throws TallyError `invalid_range` if `size` is not a tree size or the hashes do not fit it.
   */
  static fromFrontier(size: number, hashes: readonly Uint8Array[], hashNode: NodeHashFn = nodeHash): CompactRange {
    if (!Number.isSafeInteger(size) || size < 0) throw new TallyError('invalid_range', 'size must be a non-negative safe integer');
    const range = new CompactRange(hashNode);
    let start = 0;
    let remaining = size;
    let level = 0;
    let width = 1;
    while (width * 2 <= remaining) {
      width *= 2;
      level++;
    }
    for (; width >= 1; width /= 2, level--) {
      if (remaining < width) continue;
      const hash = hashes[range.#frontier.length];
      if (hash === undefined || hash.length !== HASH_LENGTH) {
        throw new TallyError('invalid_range', `frontier hashes do not match size ${size}`);
      }
      range.#frontier.push({ level, index: start / width, hash });
      start += width;
      remaining -= width;
    }
    if (range.#frontier.length !== hashes.length) throw new TallyError('invalid_range', `frontier hashes do not match size ${size}`);
    range.#size = size;
    return range;
  }

  /** Number of leaves appended so far. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash and returns every complete subtree that this leaf completes, from the
   * leaf itself (level 0) upwards; a store persists exactly these to answer any proof later.
   * Requires a 32-byte leaf hash.
   * @throws TallyError `invalid_range` if the hash is not 32 bytes or the log is full (2^53 - 1).
   */
  append(leafHash: Uint8Array): SubtreeHash[] {
    if (leafHash.length !== HASH_LENGTH) throw new TallyError('invalid_range', 'leaf hash must be 32 bytes');
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new TallyError('invalid_range', 'log is full');
    let node: SubtreeHash = { level: 0, index: this.#size, hash: leafHash };
    const completed = [node];
    for (let last = this.#frontier.at(-1); last !== undefined && last.level === node.level; last = this.#frontier.at(-1)) {
      this.#frontier.pop();
      node = { level: node.level + 1, index: last.index / 2, hash: this.#nodeHash(last.hash, node.hash) };
      completed.push(node);
    }
    this.#frontier.push(node);
    this.#size++;
    return completed;
  }

  /** RFC 6962 root hash of the leaves appended so far ({@link EMPTY_ROOT} when none). */
  root(): Uint8Array {
    if (this.#frontier.length === 0) return EMPTY_ROOT;
    return foldFromRight(this.#frontier.map((s) => s.hash), this.#nodeHash);
  }

  /** Hashes of the right-edge subtrees, largest first (what {@link fromFrontier} takes back). */
  frontier(): Uint8Array[] {
    return this.#frontier.map((s) => s.hash);
  }

  /** Coordinates of the right-edge subtrees, in the order of {@link frontier}. */
  frontierCoordinates(): SubtreeId[] {
    return this.#frontier.map(({ level, index }) => ({ level, index }));
  }

  /** An independent copy (hashing with `hashNode` if given): appends to it leave this range unchanged. */
  clone(hashNode: NodeHashFn = this.#nodeHash): CompactRange {
    const copy = new CompactRange(hashNode);
    copy.#size = this.#size;
    copy.#frontier = this.#frontier.slice();
    return copy;
  }
}

/**
 * RFC 6962 Merkle tree hash of a list of leaf hashes (MTH over already-hashed leaves).
 * Requires 32-byte hashes.
 * @throws TallyError `invalid_range` on a hash of another length.
 */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  const range = new CompactRange();
  for (const leaf of leafHashes) range.append(leaf);
  return range.root();
}
