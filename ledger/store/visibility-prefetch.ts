import { visibilityReads } from '../custody/visibility-reads.js';
import type { KvBackend } from './backend.js';
import type { BatchOverlay } from './overlay.js';

/**
 * Loads into a group commit's overlay the keys that a transfer, receive or reject reads to grant or
 * withdraw visibility (visibility-reads.ts). Runs just before the entry is applied, over the
 * overlay as the earlier entries of the batch left it: one prefetch per round (per generation of
 * the lineage walked).
 */
export async function prefetchVisibility(overlay: BatchOverlay, backend: KvBackend, event: unknown, seq: number): Promise<void> {
  const rounds = visibilityReads(event, seq, (key) => overlay.read(key));
  for (let round = rounds.next(); !round.done; round = rounds.next()) await overlay.prefetch(backend, round.value);
}
