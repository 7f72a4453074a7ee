import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { toHex, utf8Encode } from '../encoding/bytes.js';
import { leafHash } from '../crypto/hash.js';
import { GENESIS_PREV } from '../log/entry.js';
import { parseCheckpoint } from '../log/checkpoint.js';
import { CompactRange } from '../merkle/compact.js';
import type { VerifyFn } from '../crypto/signature.js';
import type { KvBackend } from './backend.js';
import { LOG_KEYS, type LogHead } from './log-layout.js';

export interface RecoveredLog {
  head: LogHead;
  checkpoint: string;
  tree: CompactRange;
}

/**
 * Recomputes the tree over every stored entry and checks it against the last checkpoint the log
 * signed (SPEC 8). Refuses, naming the first bad entry, when an entry is missing, out of place,
 * breaks the `prev` chain, or when the root differs from the checkpoint's.
 *
 * Cost: one sequential scan of the log (O(n) reads and hashes); nothing is served before it ends.
 * @throws TallyError `store_corrupt`
 */
export async function recoverLog(backend: KvBackend, logVerifierKey: string, verify: VerifyFn): Promise<RecoveredLog> {
  const headText = await backend.get(LOG_KEYS.head);
  const checkpoint = await backend.get(LOG_KEYS.checkpoint);
  if (headText === undefined || checkpoint === undefined) {
    throw new TallyError('store_corrupt', 'the store has entries but no head or checkpoint');
  }
  const head = JSON.parse(headText) as LogHead;
  let signed;
  try {
    signed = parseCheckpoint(checkpoint, logVerifierKey, verify);
  } catch (err) {
    throw new TallyError('store_corrupt', `the stored checkpoint does not verify with the log key: ${(err as Error).message}`);
  }

  const tree = new CompactRange();
  let prev = GENESIS_PREV;
  for await (const [key, text] of backend.scan({ gte: LOG_KEYS.entryPrefix, lt: LOG_KEYS.entryPrefix + '\uffff' })) {
    const seq = tree.size;
    if (key !== LOG_KEYS.entry(seq)) throw new TallyError('store_corrupt', `entry ${seq} is missing (found ${key})`);
    let entry: Entry;
    try {
      entry = JSON.parse(text) as Entry;
    } catch {
      throw new TallyError('store_corrupt', `entry ${seq} is not valid JSON`);
    }
    if (entry.seq !== seq) throw new TallyError('store_corrupt', `entry ${seq} claims seq ${entry.seq}`);
    if (entry.prev !== prev) throw new TallyError(
        'store_corrupt',
        `entry ${seq - 1} was altered, or the prev of entry ${seq}: the hash of entry ${seq - 1} is not the prev entry ${seq} records`,
      );
    const hash = leafHash(utf8Encode(text));
    tree.append(hash);
    prev = toHex(hash);
  }

  const root = toHex(tree.root());
  if (tree.size !== signed.size || root !== signed.rootHash) {
    throw new TallyError(
      'store_corrupt',
      `the stored entries give size ${tree.size} root ${root}, the last checkpoint says size ${signed.size} root ${signed.rootHash}`,
    );
  }
  if (head.size !== tree.size || head.rootHash !== root || head.lastHash !== prev) {
    throw new TallyError('store_corrupt', 'the stored head disagrees with the stored entries');
  }
  const storedFrontier = await backend.getMany(tree.frontierCoordinates().map(({ level, index }) => LOG_KEYS.subtree(level, index)));
  const frontier = tree.frontier().map(toHex);
  if (storedFrontier.some((hash, i) => hash !== frontier[i])) {
    throw new TallyError('store_corrupt', 'the stored subtree hashes disagree with the stored entries');
  }
  return { head, checkpoint, tree };
}
