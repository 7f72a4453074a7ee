import type { LedgerMeta, Provenance } from '../../../schemas/state.js';
import { byCountry, figuresOf } from '../composition.js';
import { custodyModel } from '../custody-model.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { readBatchState } from './batch.js';
import { lineageSeqs } from './ancestry.js';

function share(partG: number, wholeG: number): number {
  return wholeG === 0 ? 0 : partG / wholeG;
}

/**
 * The figures of SPEC 4 for a batch, its model (that of a recycled-content claim) and the seqs of
 * its lineage; undefined for an unknown id.
 * Cost: as {@link lineageSeqs}, plus O(1) for the figures, which come from the stored composition.
 */
export async function getProvenance(source: StateSource, id: string): Promise<Provenance | undefined> {
  const batch = await readBatchState(source, id);
  if (!batch) return undefined;
  const meta = (await source.get(stateKeys.ledgerMeta)) as LedgerMeta;
  const figures = figuresOf(batch.composition, meta.homeCountry);
  return {
    batch: batch.id,
    massG: batch.massG,
    ...figures,
    shares: {
      recycled: share(figures.recycledG, batch.massG),
      preConsumer: share(figures.preConsumerG, batch.massG),
      postConsumer: share(figures.postConsumerG, batch.massG),
      homeOrigin: share(figures.homeOriginG, batch.massG),
      homeRecycled: share(figures.homeRecycledG, batch.massG),
    },
    byCountry: byCountry(batch.composition),
    composition: batch.composition,
    custodyCountries: batch.custodyCountries,
    mixed: batch.mixed,
    allocated: batch.allocated,
    model: custodyModel(batch, batch.massG > 0 && figures.recycledG === batch.massG),
    lineage: await lineageSeqs(source, id),
  };
}
