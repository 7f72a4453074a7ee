import type { Role } from '../../schemas/primitives.js';
import type { BatchState, LedgerMeta, ParticipantState, SiteState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { stateKeys } from './keys.js';
import type { StateTx } from './state-tx.js';

/**
 * Typed reads and writes of custody state, and the checks every event family shares. Values read
 * back are those the rules wrote, so they are trusted without re-parsing. `path` arguments point
 * into the envelope (`['event', 'batch']`) so a refusal names the field that caused it.
 */

type Path = Array<string | number>;

export function readLedgerMeta(tx: StateTx): LedgerMeta | undefined {
  return tx.get(stateKeys.ledgerMeta) as LedgerMeta | undefined;
}

export function readParticipant(tx: StateTx, id: string): ParticipantState | undefined {
  return tx.get(stateKeys.participant(id)) as ParticipantState | undefined;
}

export function readBatch(tx: StateTx, id: string): BatchState | undefined {
  return tx.get(stateKeys.batch(id)) as BatchState | undefined;
}

export function writeParticipant(tx: StateTx, participant: ParticipantState): void {
  tx.put(stateKeys.participant(participant.id), participant);
}

export function writeBatch(tx: StateTx, batch: BatchState): void {
  tx.put(stateKeys.batch(batch.id), batch);
}

/** @throws TallyError `unknown_participant` */
export function requireParticipant(tx: StateTx, id: string, path: Path): ParticipantState {
  const participant = readParticipant(tx, id);
  if (!participant) throw new TallyError('unknown_participant', `no participant ${id}`, path);
  return participant;
}

/** @throws TallyError `unknown_batch` */
export function requireBatch(tx: StateTx, id: string, path: Path): BatchState {
  const batch = readBatch(tx, id);
  if (!batch) throw new TallyError('unknown_batch', `no batch ${id}`, path);
  return batch;
}

/** @throws TallyError `batch_exists` */
export function requireNewBatchId(tx: StateTx, id: string, path: Path): void {
  if (readBatch(tx, id)) throw new TallyError('batch_exists', `batch ${id} already exists`, path);
}

/** @throws TallyError `unknown_site` */
export function requireSite(participant: ParticipantState, siteId: string, path: Path): SiteState {
  const site = participant.sites.find((s) => s.id === siteId);
  if (!site) throw new TallyError('unknown_site', `participant ${participant.id} has no site ${siteId}`, path);
  return site;
}

/**
 * Country of the site where a batch is. Sites are never removed nor moved (participants.ts), so
 * the site a batch names always exists with the country it had.
 */
export function countryOfSite(participant: ParticipantState, siteId: string): string {
  return requireSite(participant, siteId, []).country;
}

export function hasRole(participant: ParticipantState, ...roles: Role[]): boolean {
  return participant.roles.some((role) => roles.includes(role));
}

/** @throws TallyError `role_not_permitted` */
export function requireRole(participant: ParticipantState, roles: Role[], what: string): void {
  if (!hasRole(participant, ...roles)) {
    throw new TallyError('role_not_permitted', `${what} needs the role ${roles.join(' or ')}; ${participant.id} has ${participant.roles.join(', ')}`, ['event', 'actor']);
  }
}

/** @throws TallyError `not_custodian` */
export function requireCustodian(batch: BatchState, actor: ParticipantState, path: Path): void {
  if (batch.custodian !== actor.id) throw new TallyError('not_custodian', `${actor.id} is not the custodian of ${batch.id}`, path);
}

/** @throws TallyError `batch_not_active` */
export function requireActive(batch: BatchState, path: Path): void {
  if (batch.status !== 'active') throw new TallyError('batch_not_active', `batch ${batch.id} is ${batch.status}`, path);
}

/**
 * A split takes `massG` grams off `batch` into a new batch and must leave some behind.
 * @throws TallyError `insufficient_mass`, `split_whole_batch`
 */
export function requireSplittable(batch: BatchState, massG: number, path: Path): void {
  if (massG > batch.massG) throw new TallyError('insufficient_mass', `split of ${massG} g from ${batch.id}, which holds ${batch.massG} g`, path);
  if (massG === batch.massG) throw new TallyError('split_whole_batch', `split of all ${massG} g of ${batch.id}; send the batch itself`, path);
}
