import type { BatchStatus } from '../../../schemas/primitives.js';
import type { BatchState, HoldingsPage } from '../../../schemas/state.js';
import { lastSegment, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { readBatchState, toBatchView } from './batch.js';

export interface HoldingsQueryOptions {
  holder: string;
  /** Absent: what the holder holds now (active, and in transit from or to it). */
  status?: BatchStatus | undefined;
  /** Exclusive cursor: a batch id. */
  after?: string | undefined;
  limit: number;
}

/**
 * The batches a participant holds or has in transit to it (SPEC 6, added in 1.1), in batch id
 * order, a page at a time. A batch is the holder's when it is its custodian (for `exported`,
 * `retired` and `consumed`: its last custodian) or when it is in transit to it.
 *
 * Cost: one scan of the holder's `ih/` index from the cursor, reading each candidate batch, until
 * the page is full: O(page) for a holder whose batches are current, more for one with a long
 * history of batches it no longer holds (the index keeps every batch it ever held).
 */
export async function listHoldings(source: StateSource, query: HoldingsQueryOptions): Promise<HoldingsPage> {
  const { holder, status, after, limit } = query;
  const batches: HoldingsPage['batches'] = [];
  let next: string | undefined;
  for await (const [key] of source.scan(stateKeys.holdingsPrefix(holder), after === undefined ? undefined : stateKeys.holding(holder, after))) {
    const batch = await readBatchState(source, lastSegment(key));
    if (batch === undefined || !isHeldBy(batch, holder, status)) continue;
    if (batches.length === limit) {
      next = batches[batches.length - 1]!.id;
      break;
    }
    batches.push(toBatchView(batch));
  }
  return { holder, batches, ...(next !== undefined ? { next } : {}) };
}

function isHeldBy(batch: BatchState, holder: string, status: BatchStatus | undefined): boolean {
  const incoming = batch.status === 'in-transit' && batch.transit?.to === holder;
  const mine = batch.custodian === holder || incoming;
  if (!mine) return false;
  if (status !== undefined) return batch.status === status;
  return batch.status === 'active' || batch.status === 'in-transit';
}
