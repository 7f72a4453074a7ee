import { IDENTITY_CHECK_EVIDENCE, type BatchRegisterEvent } from '../../schemas/events.js';
import type { BatchState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { addMassTotals, addRetention } from './aggregates.js';
import { homeRecycledG, isRecycledKind } from './composition.js';
import type { ApplyContext } from './context.js';
import { requireNewBatchId, requireRole, requireSite, writeBatch } from './state-access.js';
import { dayOf } from './time.js';

/**
 * `batch.register` (SPEC 3.2): the only event that creates mass. A mine, recycler or trader
 * registers a batch at one of its sites with one origin part.
 *
 * Scrap Metal Dealers Act 2013 s.13: recycled material bought from an individual must carry
 * `supplier.ref` (the schema requires it, and requires it to be a hash commitment so no personal
 * data reaches the ledger) and evidence of the identity check, which we recognise as an evidence
 * item of kind `identity-check` (the document itself stays with the recycler).
 * @throws TallyError `role_not_permitted`, `unknown_site`, `batch_exists`,
 *   `supplier_identity_unverified`, `mass_out_of_range`
 */
export function applyBatchRegister(ctx: ApplyContext<BatchRegisterEvent>): void {
  const { tx, seq, event, actor, meta } = ctx;
  requireRole(actor, ['mine', 'recycler', 'trader'], 'batch.register');
  const site = requireSite(actor, event.batch.site, ['event', 'batch', 'site']);
  requireNewBatchId(tx, event.batch.id, ['event', 'batch', 'id']);
  const recycled = isRecycledKind(event.origin.kind);
  if (recycled && event.supplier?.kind === 'individual') {
    const checked = (event.evidence ?? []).some((item) => item.kind === IDENTITY_CHECK_EVIDENCE);
    if (!checked) {
      throw new TallyError(
        'supplier_identity_unverified',
        `recycled material bought from an individual needs evidence of kind ${IDENTITY_CHECK_EVIDENCE}`,
        ['event', 'evidence'],
      );
    }
  }

  const { id, material, form, grade, massG } = event.batch;
  const composition = [{ kind: event.origin.kind, country: event.origin.country, massG }];
  const batch: BatchState = {
    id,
    material,
    form,
    ...(grade !== undefined ? { grade } : {}),
    massG,
    status: 'active',
    custodian: actor.id,
    site: site.id,
    composition,
    custodyCountries: [site.country],
    mixed: false,
    allocated: false,
    processed: false,
    everExported: false,
    createdSeq: seq,
  };
  // Capping the registered total (mass_out_of_range) keeps every conservation counter of the material safe.
  addMassTotals(tx, material, { registeredG: massG });
  const homeScrapG = homeRecycledG(composition, meta.homeCountry);
  if (homeScrapG > 0) addRetention(tx, material, dayOf(event.at), { registeredG: homeScrapG });
  writeBatch(tx, batch);
  ctx.effects.touchBatch(id);
  ctx.effects.own(actor.id, id);
}
