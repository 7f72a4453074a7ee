import { BATTERY_RECYCLED_CONTENT_TARGETS, type BatteryRecycledContent } from '../../../schemas/state.js';
import type { LedgerMeta } from '../../../schemas/state.js';
import { figuresOf } from '../composition.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { readBatchState } from './batch.js';
import { verifyClaims } from './claims.js';

/**
 * The EU Battery Regulation Article 8 lines of a battery batch (SPEC 4.1): for each of cobalt,
 * lead, lithium and nickel that the batch contains, its recycled share against the 2031 and 2036
 * targets. A convenience over claims: each line is the verdict of the claim
 * `{ kind: 'recycled', material, atLeast: target }`, so the two can never disagree.
 * Undefined for an unknown batch. Cost: as verifyClaims.
 */
export async function batteryRecycledContent(source: StateSource, id: string): Promise<BatteryRecycledContent | undefined> {
  const batch = await readBatchState(source, id);
  if (!batch) return undefined;
  const meta = (await source.get(stateKeys.ledgerMeta)) as LedgerMeta;
  const present = BATTERY_RECYCLED_CONTENT_TARGETS.filter((line) => figuresOf(batch.composition, meta.homeCountry, line.material).massG > 0);
  const absent = [...new Set(BATTERY_RECYCLED_CONTENT_TARGETS.map((line) => line.material))].filter((m) => !present.some((line) => line.material === m));
  const verdicts = present.length === 0
    ? []
    : (await verifyClaims(source, { batch: id, claims: present.map((line) => ({ kind: 'recycled', material: line.material, atLeast: line.atLeast })) }))!.results;
  const lines = present.map((line, index) => {
    const figures = figuresOf(batch.composition, meta.homeCountry, line.material);
    const verdict = verdicts[index]!;
    return {
      year: line.year,
      material: line.material,
      target: line.atLeast,
      massG: figures.massG,
      recycledG: figures.recycledG,
      share: verdict.share ?? 0,
      holds: verdict.holds,
      model: verdict.model,
    };
  });
  return { batch: id, regulation: 'EU 2023/1542 Article 8', lines, absent };
}
