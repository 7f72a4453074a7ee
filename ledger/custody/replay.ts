import type { Entry } from '../../schemas/entry.js';
import type { VerifyFn } from '../crypto/signature.js';
import { applyEntry } from './apply.js';
import { MemoryStateTx } from './state-tx.js';

/**
 * Rebuilds custody state from entries in log order into `state` (a Map of canonical JSON text,
 * as MemoryStateTx keeps it), one atomic transaction per entry. Used to check that replay from
 * genesis gives byte-identical state, and by auditors replaying `GET /v1/entries` offline.
 * Requires entries from the position `state` is at, in order.
 * @throws TallyError as applyEntry, for the first invalid entry; the state then holds every entry before it.
 */
export function replayEntries(entries: Iterable<Entry>, verify: VerifyFn, state: Map<string, string> = new Map()): Map<string, string> {
  for (const entry of entries) {
    const tx = new MemoryStateTx(state);
    applyEntry(entry, tx, verify);
    tx.commit();
  }
  return state;
}
