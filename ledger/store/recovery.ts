import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { fromHex, toHex, utf8Encode } from '../encoding/bytes.js';
import { leafHash, nobleHashes, type LogHashes } from '../crypto/hash.js';
import { GENESIS_PREV } from '../log/entry.js';
import { parseCheckpoint, type Checkpoint } from '../log/checkpoint.js';
import { CompactRange, type SubtreeHash } from '../merkle/compact.js';
import { foldFromRight } from '../merkle/fold.js';
import { tileRange } from '../merkle/tree-math.js';
import type { VerifyFn } from '../crypto/signature.js';
import type { KvBackend } from './backend.js';
import { LOG_KEYS, type LogHead } from './log-layout.js';

export interface RecoveredLog {
  head: LogHead;
  checkpoint: string;
  tree: CompactRange;
}

/** How many of the last entries the start-up check reads: their chain, hashes and seqs. */
export const TAIL_CHECKED = 16;

/**
 * The start-up check (SPEC 8), in O(log n + TAIL_CHECKED) reads whatever the log's size: the last
 * signed checkpoint verifies with the log key; the stored head has its size and root; the head's
 * frontier (the complete subtree hashes of the tree's right edge) folds to that root and matches
 * the stored subtree hashes; the last entries are where the head says, chain by `prev`, hash to
 * their stored leaf hashes, and the last one's hash is the head's `lastHash`; no entry lies past
 * the head. What this cannot see (an entry or state key altered deep in the log, whose stored
 * hashes were left alone) is the job of `tally fsck` and of the optional background check,
 * which recompute everything (see {@link recomputeLog}).
 * @throws TallyError `store_corrupt`, naming what disagrees
 */
export async function checkStoredLog(backend: KvBackend, logVerifierKey: string, verify: VerifyFn): Promise<RecoveredLog> {
  const { head, checkpoint, signed } = await readHeadAndCheckpoint(backend, logVerifierKey, verify);
  if (head.size !== signed.size || head.rootHash !== signed.rootHash) {
    throw corrupt(`the stored head (size ${head.size}, root ${head.rootHash}) is not the last checkpoint's (size ${signed.size}, root ${signed.rootHash})`);
  }
  let tree: CompactRange;
  try {
    tree = CompactRange.fromFrontier(head.size, head.frontier.map(fromHex));
  } catch {
    throw corrupt(`the stored head's frontier does not fit size ${head.size}`);
  }
  if (toHex(tree.root()) !== signed.rootHash) throw corrupt("the stored head's frontier does not fold to the checkpoint's root");
  const stored = await backend.getMany(tree.frontierCoordinates().map(({ level, index }) => LOG_KEYS.subtree(level, index)));
  stored.forEach((hash, i) => {
    const { level, index } = tree.frontierCoordinates()[i]!;
    if (hash !== head.frontier[i]) throw corrupt(`the stored subtree hash ${level}/${index} is not the head's frontier`);
  });
  await checkTail(backend, head);
  return { head, checkpoint, tree };
}

/** The last entries: in place, chained, hashing to their stored leaf hashes and to the head. */
async function checkTail(backend: KvBackend, head: LogHead): Promise<void> {
  for await (const [key] of backend.scan({ gte: LOG_KEYS.entryPrefix, lt: LOG_KEYS.entryPrefix + '\uffff', reverse: true, limit: 1 })) {
    if (head.size === 0 || key !== LOG_KEYS.entry(head.size - 1)) throw corrupt(`the last stored entry is ${key}, the head says size ${head.size}`);
  }
  if (head.size === 0) return;
  const from = Math.max(0, head.size - TAIL_CHECKED);
  const seqs = Array.from({ length: head.size - from }, (_, i) => from + i);
  const [texts, leaves, before] = await Promise.all([
    backend.getMany(seqs.map(LOG_KEYS.entry)),
    backend.getMany(seqs.map((seq) => LOG_KEYS.subtree(0, seq))),
    from === 0 ? Promise.resolve(GENESIS_PREV) : backend.get(LOG_KEYS.subtree(0, from - 1)),
  ]);
  let prev = before;
  seqs.forEach((seq, i) => {
    const text = texts[i];
    if (text === undefined) throw corrupt(`entry ${seq} is missing`);
    const entry = parseEntry(text, seq);
    if (entry.prev !== prev) {
      throw corrupt(`entry ${seq - 1} was altered, or the prev of entry ${seq}: the hash of entry ${seq - 1} is not the prev entry ${seq} records`);
    }
    const hash = toHex(leafHash(utf8Encode(text)));
    if (hash !== leaves[i]) throw corrupt(`entry ${seq} does not hash to its stored leaf hash`);
    prev = hash;
  });
  if (prev !== head.lastHash) throw corrupt(`entry ${head.size - 1} does not hash to the head's lastHash`);
}

/**
 * The full check of the log: recomputes the tree over every stored entry below `expected.size`
 * (all of them when omitted) and the hash chain, and compares the root with `expected` (the
 * stored checkpoint when omitted) and, for the whole log, with the stored head and frontier.
 * Cost: one sequential scan, O(n) reads and hashes. Run by `tally fsck` and by the background
 * check, never before serving.
 * @throws TallyError `store_corrupt`, naming the first bad entry
 */
export async function recomputeLog(
  backend: KvBackend,
  logVerifierKey: string,
  verify: VerifyFn,
  options: {
    expected?: Checkpoint;
    /**
     * Called for each entry in log order, with its leaf hash and the complete subtrees it closes
     * (what a store keeps under `log/h/`); a promise it returns is awaited before the next entry.
     */
    onEntry?: (entry: Entry, text: string, hash: Uint8Array, subtrees: readonly SubtreeHash[]) => void | Promise<void>;
    /** Called once every entry has been read and chained, before the tree is compared. */
    afterEntries?: () => Promise<void>;
    /** The log's hashes; @noble/hashes by default, node:crypto's for a Node caller (node-hashes.ts). */
    hashes?: LogHashes;
  } = {},
): Promise<RecoveredLog> {
  const { head, checkpoint, signed } = await readHeadAndCheckpoint(backend, logVerifierKey, verify);
  const expected = options.expected ?? signed;
  const hashes = options.hashes ?? nobleHashes;
  const tree = new CompactRange(hashes.nodeHash);
  let prev = GENESIS_PREV;
  for await (const [key, text] of backend.scan({ gte: LOG_KEYS.entryPrefix, lt: LOG_KEYS.entry(expected.size) })) {
    const seq = tree.size;
    if (key !== LOG_KEYS.entry(seq)) throw corrupt(`entry ${seq} is missing (found ${key})`);
    const entry = parseEntry(text, seq);
    if (entry.prev !== prev) {
      throw corrupt(`entry ${seq - 1} was altered, or the prev of entry ${seq}: the hash of entry ${seq - 1} is not the prev entry ${seq} records`);
    }
    const hash = hashes.leafHash(utf8Encode(text));
    const subtrees = tree.append(hash);
    prev = toHex(hash);
    const handled = options.onEntry?.(entry, text, hash, subtrees);
    if (handled !== undefined) await handled;
  }
  await options.afterEntries?.();
  const root = toHex(tree.root());
  if (tree.size !== expected.size || root !== expected.rootHash) {
    throw corrupt(`the stored entries give size ${tree.size} root ${root}, the checkpoint says size ${expected.size} root ${expected.rootHash}`);
  }
  if (options.expected === undefined) {
    if (head.size !== tree.size || head.rootHash !== root || head.lastHash !== prev) throw corrupt('the stored head disagrees with the stored entries');
    const storedFrontier = await backend.getMany(tree.frontierCoordinates().map(({ level, index }) => LOG_KEYS.subtree(level, index)));
    const frontier = tree.frontier().map(toHex);
    if (storedFrontier.some((hash, i) => hash !== frontier[i])) throw corrupt('the stored subtree hashes disagree with the stored entries');
  }
  return { head, checkpoint, tree };
}

/**
 * Proves that the stored tree extends (or is) the tree of a checkpoint the log published: the
 * stored complete subtrees that tile [0, size) fold to its root. O(log n) reads; run after a
 * reopen, where the store must hold at least everything that was acknowledged.
 * @throws TallyError `store_corrupt`
 */
export async function assertExtends(backend: KvBackend, stored: LogHead, published: Checkpoint): Promise<void> {
  if (stored.size < published.size) {
    throw corrupt(`the store holds ${stored.size} entries, fewer than the ${published.size} of the last checkpoint the log published`);
  }
  if (published.size === 0) return;
  const tiles = tileRange(0, published.size);
  const texts = await backend.getMany(tiles.map(({ level, index }) => LOG_KEYS.subtree(level, index)));
  if (texts.some((t) => t === undefined)) throw corrupt(`a subtree hash of the tree of size ${published.size} is missing`);
  const root = toHex(foldFromRight(texts.map((t) => fromHex(t!))));
  if (root !== published.rootHash) throw corrupt(`the store's tree of size ${published.size} has root ${root}, the published checkpoint ${published.rootHash}`);
}

async function readHeadAndCheckpoint(backend: KvBackend, logVerifierKey: string, verify: VerifyFn) {
  const [headText, checkpoint] = await backend.getMany([LOG_KEYS.head, LOG_KEYS.checkpoint]);
  if (headText === undefined || checkpoint === undefined) throw corrupt('the store has entries but no head or checkpoint');
  let head: LogHead;
  try {
    head = JSON.parse(headText) as LogHead;
  } catch {
    throw corrupt('the stored head is not valid JSON');
  }
  let signed: Checkpoint;
  try {
    signed = parseCheckpoint(checkpoint, logVerifierKey, verify);
  } catch (err) {
    throw corrupt(`the stored checkpoint does not verify with the log key: ${(err as Error).message}`);
  }
  return { head, checkpoint, signed };
}

function parseEntry(text: string, seq: number): Entry {
  let entry: Entry;
  try {
    entry = JSON.parse(text) as Entry;
  } catch {
    throw corrupt(`entry ${seq} is not valid JSON`);
  }
  if (entry.seq !== seq) throw corrupt(`entry ${seq} claims seq ${entry.seq}`);
  return entry;
}

function corrupt(message: string): TallyError {
  return new TallyError('store_corrupt', message);
}
