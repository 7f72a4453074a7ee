import { TallyError } from '../errors.js';
import { fromHex, toHex } from '../encoding/bytes.js';
import { HASH_LENGTH } from '../crypto/hash.js';
import { foldFromRight } from '../merkle/fold.js';
import type { InclusionBatchPlan } from '../merkle/batch-plan.js';
import type { KvBackend } from './backend.js';
import { LOG_KEYS } from './log-layout.js';

/**
 * Reads for many proofs and entries at once (an audit bundle's thousands): each stored record
 * read once, in a few large reads instead of one round trip per proof.
 */

/**
 * Keys per read. A LevelDB getMany runs on one thread-pool thread from its own snapshot; a large
 * read split into chunks runs on several threads at once. Splitting gives up the single snapshot,
 * so it is only for records that never change once written (entries, complete subtree hashes).
 */
const CHUNK = 2048;

/**
 * Values of `keys`, in order, read in concurrent chunks.
 * Requires every key to name a record that never changes once written.
 */
export async function readImmutable(backend: KvBackend, keys: readonly string[]): Promise<Array<string | undefined>> {
  if (keys.length <= CHUNK) return backend.getMany(keys);
  const chunks: Array<Promise<Array<string | undefined>>> = [];
  for (let at = 0; at < keys.length; at += CHUNK) chunks.push(backend.getMany(keys.slice(at, at + CHUNK)));
  return (await Promise.all(chunks)).flat();
}

/** Stored lowercase hex of a 32-byte hash: what fromHex accepts and toHex gives back unchanged. */
const STORED_HASH = /^[0-9a-f]{64}$/;

/**
 * The hex proofs of `plan`, reading each complete subtree hash it names once. Byte for byte what
 * resolving each proof alone gives (resolvePlan, then toHex): a node that is one stored hash is
 * that hash's text, a node on the right edge the fold of its subtrees.
 * @throws TallyError `store_corrupt` if a subtree hash is missing or not 32 bytes;
 *   `invalid_encoding` if one is not lowercase hex.
 */
export async function resolveInclusionBatch(backend: KvBackend, plan: InclusionBatchPlan): Promise<string[][]> {
  const slotOf = new Map<string, number>();
  const keys: string[] = [];
  const nodeSlots = plan.nodes.map((tiles) =>
    tiles.map(({ level, index }) => {
      const key = LOG_KEYS.subtree(level, index);
      let slot = slotOf.get(key);
      if (slot === undefined) {
        slot = keys.push(key) - 1;
        slotOf.set(key, slot);
      }
      return slot;
    }),
  );
  const texts = await readImmutable(backend, keys);

  const stored = (node: number, tile: number): string => {
    const text = texts[nodeSlots[node]![tile]!];
    const { level, index } = plan.nodes[node]![tile]!;
    if (text === undefined) throw new TallyError('store_corrupt', `subtree hash ${level}/${index} is missing`);
    if (STORED_HASH.test(text)) return text;
    // Not a well-formed hash: fail exactly as the single proof does.
    if (fromHex(text).length !== HASH_LENGTH) throw new TallyError('store_corrupt', `hash of subtree level ${level} index ${index} is missing`);
    return text;
  };
  const hexOf = nodeSlots.map((tiles, node) =>
    tiles.length === 1 ? stored(node, 0) : toHex(foldFromRight(tiles.map((_, tile) => fromHex(stored(node, tile))))),
  );
  return plan.proofs.map((proof) => proof.map((node) => hexOf[node]!));
}
