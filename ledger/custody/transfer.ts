import type { BatchReceiveEvent, BatchRejectEvent, BatchTransferEvent } from '../../schemas/events.js';
import type { BatchState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { addHomeReceived, addMassOfParts, addReceived, addRetention, recordRetentionExport } from './aggregates.js';
import { splitOff, withCountries, withoutTransit } from './batch-ops.js';
import { homeRecycledByMaterial, scale, subtract } from './composition.js';
import type { ApplyContext } from './context.js';
import {
  countryOfSite,
  requireActive,
  requireBatch,
  requireCustodian,
  requireNewBatchId,
  requireParticipant,
  requireSite,
  requireSplittable,
  writeBatch,
} from './state-access.js';
import { dayOf } from './time.js';

/**
 * Transfers (SPEC 3.2): `batch.transfer` puts a batch, or a split of it, in transit; the
 * recipient's `batch.receive` passes custody (recording transit loss), or `batch.reject` by either
 * party returns it to the sender. The sender stays custodian while the batch is in transit.
 *
 * Exports by transfer: "a transfer to a site whose country differs from the home country is an
 * export too". We count it in the retention report when material leaves a home site for a foreign
 * one, at the transfer (on the day of its `at`), because a foreign recipient may never sign a
 * receive; a reject withdraws it from that same day. A later `batch.export` of the batch from the
 * foreign site is not counted again: only departures from a home site count, and only of material
 * that never left before (a batch that went abroad and came back counted when it first left).
 */

/** @throws TallyError `unknown_batch`, `not_custodian`, `batch_not_active`, `unknown_participant`,
 *   `unknown_site`, `same_site_transfer`, `batch_exists`, `insufficient_mass`, `split_whole_batch` */
export function applyBatchTransfer(ctx: ApplyContext<BatchTransferEvent>): void {
  const { tx, seq, event, actor, meta, effects } = ctx;
  const batch = requireBatch(tx, event.batch, ['event', 'batch']);
  requireCustodian(batch, actor, ['event', 'batch']);
  requireActive(batch, ['event', 'batch']);
  const recipient = requireParticipant(tx, event.to, ['event', 'to']);
  const toSite = requireSite(recipient, event.toSite, ['event', 'toSite']);
  if (recipient.id === batch.custodian && toSite.id === batch.site) {
    throw new TallyError('same_site_transfer', `batch ${batch.id} is already at site ${toSite.id} of ${recipient.id}`, ['event', 'toSite']);
  }

  let moving: BatchState = batch;
  if (event.split) {
    requireNewBatchId(tx, event.split.id, ['event', 'split', 'id']);
    requireSplittable(batch, event.split.massG, ['event', 'split', 'massG']);
    const { parent, child } = splitOff(batch, event.split.id, event.split.massG, seq);
    writeBatch(tx, parent);
    moving = child;
    effects.link(batch.id, child.id);
    effects.own(actor.id, child.id);
  }

  const fromCountry = countryOfSite(actor, batch.site);
  const exportCounted = fromCountry === meta.homeCountry && toSite.country !== meta.homeCountry && !moving.everExported;
  if (exportCounted) {
    recordRetentionExport(tx, moving, dayOf(event.at), toSite.country, homeRecycledByMaterial(moving.composition, meta.homeCountry), 1);
  }
  writeBatch(tx, {
    ...moving,
    status: 'in-transit',
    everExported: moving.everExported || (fromCountry === meta.homeCountry && toSite.country !== meta.homeCountry),
    transit: {
      seq,
      at: event.at,
      from: actor.id,
      fromSite: batch.site,
      fromCountry,
      to: recipient.id,
      toSite: toSite.id,
      toCountry: toSite.country,
      massG: moving.massG,
      exportCounted,
      everExportedBefore: moving.everExported,
    },
  });
  effects.touchBatch(moving.id);
  // A transfer to oneself changes nothing of what one may see: the custodian sees all of its batch.
  if (recipient.id !== actor.id) effects.send(recipient.id, moving.id, event.split ? batch.id : undefined);
  effects.nameParticipant(recipient.id);
}

function requireInTransit(batch: BatchState): NonNullable<BatchState['transit']> {
  if (batch.status !== 'in-transit' || !batch.transit) {
    throw new TallyError('batch_not_in_transit', `batch ${batch.id} is ${batch.status}, not in transit`, ['event', 'batch']);
  }
  return batch.transit;
}

/**
 * Custody passes to the recipient. A shortfall is transit loss: the batch keeps `scale(C, m)`.
 * What the recipient receives from another participant counts toward its concentration report and,
 * for a participant of the home country, toward the national dependency report; moving material
 * between one's own sites is not supply.
 * @throws TallyError `unknown_batch`, `batch_not_in_transit`, `not_recipient`, `receive_exceeds_sent`
 */
export function applyBatchReceive(ctx: ApplyContext<BatchReceiveEvent>): void {
  const { tx, event, actor, meta, effects } = ctx;
  const batch = requireBatch(tx, event.batch, ['event', 'batch']);
  const transit = requireInTransit(batch);
  if (actor.id !== transit.to) throw new TallyError('not_recipient', `batch ${batch.id} is in transit to ${transit.to}`, ['event', 'actor']);
  if (event.massG > transit.massG) {
    throw new TallyError('receive_exceeds_sent', `received ${event.massG} g of ${batch.id}, sent ${transit.massG} g`, ['event', 'massG']);
  }

  const composition = scale(batch.composition, event.massG);
  const lossG = transit.massG - event.massG;
  if (lossG > 0) {
    const lost = subtract(batch.composition, composition);
    addMassOfParts(tx, lost, 'transitLossG');
    // Loss on the way abroad, or of material that was abroad, is not counted as lost at home:
    // those grams counted as exported already.
    const homeToHome = transit.fromCountry === meta.homeCountry && transit.toCountry === meta.homeCountry;
    if (homeToHome && !batch.everExported) {
      addRetention(tx, homeRecycledByMaterial(lost, meta.homeCountry), dayOf(event.at), (grams) => ({ lostG: grams }));
    }
  }
  if (transit.from !== actor.id) {
    addReceived(tx, actor.id, composition);
    if (actor.country === meta.homeCountry) addHomeReceived(tx, composition);
  }
  writeBatch(tx, {
    ...withoutTransit(batch),
    status: 'active',
    massG: event.massG,
    composition,
    custodian: actor.id,
    site: transit.toSite,
    custodyCountries: withCountries(batch.custodyCountries, [transit.toCountry]),
  });
  effects.touchBatch(batch.id);
  effects.settle(transit.seq, 'received');
}

/**
 * The recipient refuses, or the sender recalls, a pending transfer: the batch is active again
 * with the sender, mass unchanged, and an export the transfer counted is withdrawn.
 * @throws TallyError `unknown_batch`, `batch_not_in_transit`, `not_party_to_transfer`
 */
export function applyBatchReject(ctx: ApplyContext<BatchRejectEvent>): void {
  const { tx, event, actor, meta, effects } = ctx;
  const batch = requireBatch(tx, event.batch, ['event', 'batch']);
  const transit = requireInTransit(batch);
  if (actor.id !== transit.to && actor.id !== transit.from) {
    throw new TallyError('not_party_to_transfer', `${actor.id} is neither sender nor recipient of ${batch.id}`, ['event', 'actor']);
  }
  if (transit.exportCounted) {
    recordRetentionExport(tx, batch, dayOf(transit.at), transit.toCountry, homeRecycledByMaterial(batch.composition, meta.homeCountry), -1);
  }
  writeBatch(tx, { ...withoutTransit(batch), status: 'active', everExported: transit.everExportedBefore });
  effects.touchBatch(batch.id);
  // SPEC 3.2: the intended recipient never held the batch, so what the transfer let it see is withdrawn.
  effects.settle(transit.seq, 'withdrawn');
}
