import type { BatchAdjustEvent, BatchAttestEvent, BatchRetireEvent } from '../../schemas/events.js';
import { TallyError } from '../errors.js';
import { addMassOfParts, addRetention } from './aggregates.js';
import { homeRecycledByMaterial, scale, subtract } from './composition.js';
import type { ApplyContext } from './context.js';
import { removeMass } from './batch-ops.js';
import { countryOfSite, hasRole, requireActive, requireBatch, requireCustodian, writeBatch } from './state-access.js';
import { dayOf } from './time.js';

/**
 * The events that end or correct a batch's mass, and attestations, which add evidence only.
 */

/**
 * `batch.retire`: mass leaves the ledger (incorporated into a product, lost, landfilled). Retiring
 * the whole batch keeps its mass and composition on the `retired` state, so claims about a
 * product's content can still be checked; a partial retire just lowers the mass.
 * Lost or landfilled home-origin scrap at a home site counts as lost in the retention report
 * (unless it was abroad before: it counted as exported then).
 * @throws TallyError `unknown_batch`, `not_custodian`, `batch_not_active`, `insufficient_mass`
 */
export function applyBatchRetire(ctx: ApplyContext<BatchRetireEvent>): void {
  const { tx, event, actor, meta, effects } = ctx;
  const batch = requireBatch(tx, event.batch, ['event', 'batch']);
  requireCustodian(batch, actor, ['event', 'batch']);
  requireActive(batch, ['event', 'batch']);
  const retiredG = event.massG ?? batch.massG;
  if (retiredG > batch.massG) {
    throw new TallyError('insufficient_mass', `retire of ${retiredG} g from ${batch.id}, which holds ${batch.massG} g`, ['event', 'massG']);
  }
  const whole = retiredG === batch.massG;
  const { batch: rest, removed } = whole ? { batch, removed: batch.composition } : removeMass(batch, retiredG);
  writeBatch(tx, whole ? { ...batch, status: 'retired', retiredReason: event.reason } : rest);

  addMassOfParts(tx, removed, 'retiredG');
  if (event.reason !== 'incorporated' && !batch.everExported && countryOfSite(actor, batch.site) === meta.homeCountry) {
    addRetention(tx, homeRecycledByMaterial(removed, meta.homeCountry), dayOf(event.at), (grams) => ({ lostG: grams }));
  }
  effects.touchBatch(batch.id);
}

/**
 * `batch.adjust`: a recorded weight was wrong (a weighbridge correction). Only downwards, since
 * mass is created only by `batch.register`; the batch keeps `scale(C, m)`. `corrects` must name an
 * earlier entry; which one is the custodian's statement, kept as evidence, because the weighing
 * may have been recorded on an ancestor (before a split) and checking that would mean walking the
 * lineage on every append.
 * @throws TallyError `unknown_batch`, `not_custodian`, `batch_not_active`, `adjust_not_downwards`,
 *   `corrects_not_earlier`
 */
export function applyBatchAdjust(ctx: ApplyContext<BatchAdjustEvent>): void {
  const { tx, seq, event, actor, effects } = ctx;
  const batch = requireBatch(tx, event.batch, ['event', 'batch']);
  requireCustodian(batch, actor, ['event', 'batch']);
  requireActive(batch, ['event', 'batch']);
  if (event.massG >= batch.massG) {
    throw new TallyError('adjust_not_downwards', `batch ${batch.id} holds ${batch.massG} g; an adjustment must lower it`, ['event', 'massG']);
  }
  if (event.corrects !== undefined && event.corrects >= seq) {
    throw new TallyError('corrects_not_earlier', `corrects ${event.corrects} is not before this entry (${seq})`, ['event', 'corrects']);
  }
  const kept = scale(batch.composition, event.massG);
  writeBatch(tx, { ...batch, massG: event.massG, composition: kept });
  addMassOfParts(tx, subtract(batch.composition, kept), 'adjustedG');
  effects.touchBatch(batch.id);
}

/**
 * `batch.attest`: an auditor, or the custodian, adds evidence (assay, certificate, inspection) to
 * a batch in any status but exported. The attestation lives in the entry; the batch's index
 * points at it, and no state changes.
 * @throws TallyError `unknown_batch`, `not_custodian_or_auditor`, `batch_exported`
 */
export function applyBatchAttest(ctx: ApplyContext<BatchAttestEvent>): void {
  const { tx, event, actor, effects } = ctx;
  const batch = requireBatch(tx, event.batch, ['event', 'batch']);
  if (batch.custodian !== actor.id && !hasRole(actor, 'auditor')) {
    throw new TallyError('not_custodian_or_auditor', `${actor.id} is neither an auditor nor the custodian of ${batch.id}`, ['event', 'actor']);
  }
  if (batch.status === 'exported') throw new TallyError('batch_exported', `batch ${batch.id} is exported`, ['event', 'batch']);
  effects.touchBatch(batch.id);
}
