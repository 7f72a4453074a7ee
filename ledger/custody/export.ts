import type { BatchExportEvent } from '../../schemas/events.js';
import type { BatchState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { addMassOfParts, recordRetentionExport } from './aggregates.js';
import { splitOff } from './batch-ops.js';
import { homeRecycledByMaterial } from './composition.js';
import type { ApplyContext } from './context.js';
import {
  countryOfSite,
  requireActive,
  requireBatch,
  requireCustodian,
  requireNewBatchId,
  requireSplittable,
  writeBatch,
} from './state-access.js';
import { dayOf } from './time.js';

/**
 * `batch.export` (SPEC 3.2): the batch, or a split of it, leaves the ledger for a destination
 * outside the home country and takes no further event.
 *
 * In the retention report it counts as exported only if it leaves from a home site: a batch at a
 * foreign site either counted already when it was sent there (transfer.ts) or was never home
 * stock; a batch that went abroad and came back counted when it first left. Either way an export
 * is counted once.
 * @throws TallyError `unknown_batch`, `not_custodian`, `batch_not_active`, `export_to_home_country`,
 *   `batch_exists`, `insufficient_mass`, `split_whole_batch`
 */
export function applyBatchExport(ctx: ApplyContext<BatchExportEvent>): void {
  const { tx, seq, event, actor, meta, effects } = ctx;
  const batch = requireBatch(tx, event.batch, ['event', 'batch']);
  requireCustodian(batch, actor, ['event', 'batch']);
  requireActive(batch, ['event', 'batch']);
  if (event.destination.country === meta.homeCountry) {
    throw new TallyError('export_to_home_country', `destination ${event.destination.country} is the home country`, ['event', 'destination', 'country']);
  }

  let leaving: BatchState = batch;
  if (event.split) {
    requireNewBatchId(tx, event.split.id, ['event', 'split', 'id']);
    requireSplittable(batch, event.split.massG, ['event', 'split', 'massG']);
    const { parent, child } = splitOff(batch, event.split.id, event.split.massG, seq);
    writeBatch(tx, parent);
    leaving = child;
    effects.link(batch.id, child.id);
    effects.own(actor.id, child.id);
  }

  addMassOfParts(tx, leaving.composition, 'exportedG');
  if (countryOfSite(actor, batch.site) === meta.homeCountry && !leaving.everExported) {
    recordRetentionExport(tx, leaving, dayOf(event.at), event.destination.country, homeRecycledByMaterial(leaving.composition, meta.homeCountry), 1);
  }
  writeBatch(tx, { ...leaving, status: 'exported', everExported: true, exportedTo: event.destination.country });
  effects.touchBatch(leaving.id);
}
