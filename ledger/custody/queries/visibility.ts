import type { ParticipantState } from '../../../schemas/state.js';
import type { EntrySummary } from '../indexes.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';
import { grantsBatch, grantsEntry, type VisibilityGrant } from '../visibility-index.js';

/**
 * Who may see what (SPEC 6): a participant sees the entries it signed or that name it, every batch
 * it holds, has held or that is in transit to it, and the upstream lineage of those batches (each
 * ancestor's entries up to the lineage's cut-off). A recalled or rejected transfer gives the
 * intended recipient nothing (SPEC 3.2). Auditors and registrars see everything. Genesis and
 * participant entries are visible to every participant: they carry nothing the public directory
 * does not already publish. The answers come from the grants apply writes (visibility-index.ts).
 */

async function readParticipant(source: StateSource, id: string): Promise<ParticipantState | undefined> {
  return (await source.get(stateKeys.participant(id))) as ParticipantState | undefined;
}

function seesEverything(participant: ParticipantState): boolean {
  return participant.roles.includes('auditor') || participant.roles.includes('registrar');
}

/**
 * Whether `participantId` may see batch `batchId`. False for unknown participants and batches.
 * Cost: two reads, whatever the batch's lineage or descendants.
 */
export async function canSeeBatch(source: StateSource, participantId: string, batchId: string): Promise<boolean> {
  const participant = await readParticipant(source, participantId);
  if (!participant) return false;
  const [batch, grant] = await source.getMany([stateKeys.batch(batchId), stateKeys.visibility(participantId, batchId)]);
  if (batch === undefined) return false;
  return seesEverything(participant) || grantsBatch(grant as VisibilityGrant | undefined);
}

/**
 * Which of `ids` (existing batches) `participantId` may see. Cost: one read per id, in one round trip.
 */
export async function visibleBatches(source: StateSource, participantId: string, ids: readonly string[]): Promise<Set<string>> {
  const participant = await readParticipant(source, participantId);
  if (!participant) return new Set();
  if (seesEverything(participant)) return new Set(ids);
  const grants = await source.getMany(ids.map((id) => stateKeys.visibility(participantId, id)));
  return new Set(ids.filter((_, i) => grantsBatch(grants[i] as VisibilityGrant | undefined)));
}

/**
 * Whether `participantId` may see entry `seq`: it signed or is named by it, or the entry is in
 * the lineage it may see of a batch the entry touches, or it is a genesis or participant entry.
 * False for unknown participants and seqs past the end.
 * Cost: one read per batch the entry touches, in one round trip, plus O(1).
 */
export async function canSeeEntry(source: StateSource, participantId: string, seq: number): Promise<boolean> {
  const participant = await readParticipant(source, participantId);
  const summary = (await source.get(stateKeys.entrySummary(seq))) as EntrySummary | undefined;
  if (!participant || !summary) return false;
  if (seesEverything(participant)) return true;
  if (summary.type === 'ledger.genesis' || summary.type.startsWith('participant.')) return true;
  if ((await source.get(stateKeys.participantEntry(participantId, seq))) !== undefined) return true;
  const grants = await source.getMany(summary.batches.map((batch) => stateKeys.visibility(participantId, batch)));
  return grants.some((grant) => grantsEntry(grant as VisibilityGrant | undefined, seq));
}
