import type { BatchState, ClaimKind, ClaimResult, ClaimsRequest, ClaimsResponse, LedgerMeta } from '../../../schemas/state.js';
import { figuresOf, type CompositionFigures } from '../composition.js';
import { custodyModel, shareAtLeast } from '../custody-model.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { readBatchState } from './batch.js';

/** The figure each share claim of SPEC 6 is about. */
const FIGURE_OF: Record<string, Exclude<keyof CompositionFigures, 'massG'>> = {
  recycled: 'recycledG',
  'pre-consumer': 'preConsumerG',
  'post-consumer': 'postConsumerG',
  'home-origin': 'homeOriginG',
  'home-recycled': 'homeRecycledG',
};

/**
 * Boolean claims hold for all of the batch or none of it, so their model is computed as if the
 * claimed share were 100% when they hold.
 */
function booleanClaim(batch: BatchState, kind: ClaimKind, homeCountry: string): boolean {
  if (kind === 'home-processed') return batch.custodyCountries.length > 0 && batch.custodyCountries.every((c) => c === homeCountry);
  // not-exported: neither the batch nor any ancestor left the home country, and it is not exported now.
  return !batch.everExported && batch.status !== 'exported';
}

/**
 * Checks claims against a batch (SPEC 6, 4.1): share claims compare the figure's share exactly with
 * `atLeast`, over the batch's grams that are not `other` or, when the claim names a `material`,
 * over that constituent's grams (a constituent the batch does not hold: `holds: false`, no share);
 * `home-processed` needs every custody country to be the home country; `not-exported` needs that
 * no export (explicit, or a transfer from a home site to a foreign one) is in its lineage.
 * Undefined for an unknown batch.
 * Requires a request parsed by claimsRequestSchema (share kinds carry `atLeast`, others do not).
 * Cost: two reads, O(parts) per claim: the figures come from the stored composition.
 */
export async function verifyClaims(source: StateSource, request: ClaimsRequest): Promise<ClaimsResponse | undefined> {
  const batch = await readBatchState(source, request.batch);
  if (!batch) return undefined;
  const meta = (await source.get(stateKeys.ledgerMeta)) as LedgerMeta;
  const results = request.claims.map((claim): ClaimResult => {
    const figure = FIGURE_OF[claim.kind];
    if (figure === undefined) {
      const holds = booleanClaim(batch, claim.kind, meta.homeCountry);
      return { kind: claim.kind, holds, model: custodyModel(batch, holds) };
    }
    const figures = figuresOf(batch.composition, meta.homeCountry, claim.material);
    const grams = figures[figure];
    const atLeast = claim.atLeast ?? 0;
    const named = claim.material !== undefined ? { material: claim.material } : {};
    if (claim.material !== undefined && figures.massG === 0) {
      return { kind: claim.kind, ...named, atLeast: Number(atLeast), holds: false, model: custodyModel(batch, false) };
    }
    return {
      kind: claim.kind,
      ...named,
      // Echoed as a number (the response's type); the verdict used the exact decimal.
      atLeast: Number(atLeast),
      holds: shareAtLeast(grams, figures.massG, atLeast),
      share: figures.massG === 0 ? 0 : grams / figures.massG,
      model: custodyModel(batch, figures.massG > 0 && grams === figures.massG),
    };
  });
  return { batch: batch.id, results };
}
