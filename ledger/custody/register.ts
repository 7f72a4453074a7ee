import { IDENTITY_CHECK_EVIDENCE, type BatchRegisterEvent } from '../../schemas/events.js';
import type { BatchState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { addMassOfParts, addRetention, recordRetentionExport } from './aggregates.js';
import { homeRecycledByMaterial, isRecycledKind, normalize } from './composition.js';
import { checkedConstituents } from './constituents.js';
import type { ApplyContext } from './context.js';
import { requireNewBatchId, requireRole, requireSite, writeBatch } from './state-access.js';
import { dayOf } from './time.js';

/**
 * `batch.register` (SPEC 3.2, 4.1): the only event that creates mass (but for `other` in a
 * transform). A mine, recycler or trader registers a batch at one of its sites; each constituent
 * becomes one part of the registration's origin kind and country.
 *
 * Home-origin recycled material registered at a foreign site has left the home country without a
 * record of it leaving: it counts as registered and, at once, as exported to the site's country
 * (so every registered gram of the retention report is accounted for; issue 9 item 7).
 *
 * Scrap Metal Dealers Act 2013 s.13: recycled material bought from an individual must carry
 * `supplier.ref` (the schema requires it, and requires it to be a hash commitment so no personal
 * data reaches the ledger) and evidence of the identity check, which we recognise as an evidence
 * item of kind `identity-check` (the document itself stays with the recycler).
 * @throws TallyError `role_not_permitted`, `unknown_site`, `batch_exists`,
 *   `supplier_identity_unverified`, `unknown_material`, `duplicate_constituent`, `constituents_not_summing`
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
  const constituents = checkedConstituents(tx, event.batch, ['event', 'batch']);
  const composition = normalize(constituents.map((c) => ({ material: c.material, kind: event.origin.kind, country: event.origin.country, massG: c.massG })));
  const homeScrap = homeRecycledByMaterial(composition, meta.homeCountry);
  const leftHome = site.country !== meta.homeCountry && homeScrap.size > 0;
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
    everExported: leftHome,
    createdSeq: seq,
  };
  addMassOfParts(tx, composition, 'registeredG');
  const day = dayOf(event.at);
  addRetention(tx, homeScrap, day, (grams) => ({ registeredG: grams }));
  if (leftHome) recordRetentionExport(tx, batch, day, site.country, homeScrap, 1);
  writeBatch(tx, batch);
  ctx.effects.touchBatch(id);
  ctx.effects.own(actor.id, id);
}
