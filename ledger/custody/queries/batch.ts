import type { BatchState, BatchView } from '../../../schemas/state.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';

/** The API view of a batch state (SPEC 6 field names), plus the pending transfer if any. */
export function toBatchView(batch: BatchState): BatchView {
  return {
    id: batch.id,
    material: batch.material,
    form: batch.form,
    ...(batch.grade !== undefined ? { grade: batch.grade } : {}),
    massG: batch.massG,
    status: batch.status,
    custodian: batch.custodian,
    site: batch.site,
    composition: batch.composition,
    custodyCountries: batch.custodyCountries,
    mixed: batch.mixed,
    allocated: batch.allocated,
    ...(batch.transit ? { transit: { to: batch.transit.to, toSite: batch.transit.toSite, massG: batch.transit.massG } } : {}),
  };
}

export async function readBatchState(source: StateSource, id: string): Promise<BatchState | undefined> {
  return (await source.get(stateKeys.batch(id))) as BatchState | undefined;
}

/**
 * Batch state with composition and flags, or undefined for an unknown id.
 * Cost: one read, O(1) in the size of the ledger.
 */
export async function getBatchView(source: StateSource, id: string): Promise<BatchView | undefined> {
  const batch = await readBatchState(source, id);
  return batch && toBatchView(batch);
}
