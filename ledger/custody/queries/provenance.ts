import type { LedgerMeta, Provenance } from '../../../schemas/state.js';
import { byCountry, byMaterial, figuresOf, withoutOther } from '../composition.js';
import { custodyModel } from '../custody-model.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { readBatchState } from './batch.js';
import { lineageSeqs } from './ancestry.js';

function share(partG: number, wholeG: number): number {
  return wholeG === 0 ? 0 : partG / wholeG;
}

/**
 * The figures of SPEC 4 and 4.1 for a batch, its model (that of a recycled-content claim) and the
 * seqs of its lineage; undefined for an unknown id. Whole-batch figures and shares are over the
 * grams that are not `other` (`countedG`); `byMaterial` gives each constituent's own.
 * Cost: as {@link lineageSeqs}, plus O(parts) for the figures, which come from the stored composition.
 */
export async function getProvenance(source: StateSource, id: string): Promise<Provenance | undefined> {
  const batch = await readBatchState(source, id);
  if (!batch) return undefined;
  const meta = (await source.get(stateKeys.ledgerMeta)) as LedgerMeta;
  const { massG: countedG, ...figures } = figuresOf(batch.composition, meta.homeCountry);
  return {
    batch: batch.id,
    massG: batch.massG,
    countedG,
    ...figures,
    shares: {
      recycled: share(figures.recycledG, countedG),
      preConsumer: share(figures.preConsumerG, countedG),
      postConsumer: share(figures.postConsumerG, countedG),
      homeOrigin: share(figures.homeOriginG, countedG),
      homeRecycled: share(figures.homeRecycledG, countedG),
    },
    byCountry: byCountry(withoutOther(batch.composition)),
    byMaterial: byMaterial(batch.composition, meta.homeCountry),
    composition: batch.composition,
    custodyCountries: batch.custodyCountries,
    mixed: batch.mixed,
    allocated: batch.allocated,
    model: custodyModel(batch, countedG > 0 && figures.recycledG === countedG),
    lineage: await lineageSeqs(source, id),
  };
}
