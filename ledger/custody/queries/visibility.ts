import type { ParticipantState } from '../../../schemas/state.js';
import type { EntrySummary } from '../indexes.js';
import { stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';

/**
 * Who may see what (SPEC 6): a participant sees the entries it signed or that name it, every batch
 * it holds, has held or that is in transit to it, and the whole upstream lineage of those batches.
 * Auditors and registrars see everything. Genesis and participant entries are visible to every
 * participant: they carry nothing the public directory does not already publish.
 */

async function readParticipant(source: StateSource, id: string): Promise<ParticipantState | undefined> {
  return (await source.get(stateKeys.participant(id))) as ParticipantState | undefined;
}

function seesEverything(participant: ParticipantState): boolean {
  return participant.roles.includes('auditor') || participant.roles.includes('registrar');
}

/** Batch `batchId` is visible to `participant` if it holds (held) the batch or a descendant of it. */
async function holdsBatchOrDescendant(source: StateSource, participant: string, batchId: string): Promise<boolean> {
  const seen = new Set([batchId]);
  const queue = [batchId];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if ((await source.get(stateKeys.holding(participant, next))) !== undefined) return true;
    for await (const [key] of source.scan(stateKeys.childrenPrefix(next))) {
      const child = key.slice(key.lastIndexOf('/') + 1);
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return false;
}

/**
 * Whether `participantId` may see batch `batchId`. False for unknown participants and batches.
 * Cost: O(1) for auditors, registrars and holders; otherwise a walk down the batch's descendants
 * (O(descendants)), stopping at the first one the participant holds. Independent of log length.
 */
export async function canSeeBatch(source: StateSource, participantId: string, batchId: string): Promise<boolean> {
  const participant = await readParticipant(source, participantId);
  if (!participant || (await source.get(stateKeys.batch(batchId))) === undefined) return false;
  if (seesEverything(participant)) return true;
  return holdsBatchOrDescendant(source, participantId, batchId);
}

/**
 * Whether `participantId` may see entry `seq`: it signed or is named by it, or the entry touches a
 * batch it may see, or it is a genesis or participant entry. False for unknown participants and
 * seqs past the end.
 * Cost: O(1) reads for the first three cases; otherwise {@link canSeeBatch} per batch the entry touches.
 */
export async function canSeeEntry(source: StateSource, participantId: string, seq: number): Promise<boolean> {
  const participant = await readParticipant(source, participantId);
  const summary = (await source.get(stateKeys.entrySummary(seq))) as EntrySummary | undefined;
  if (!participant || !summary) return false;
  if (seesEverything(participant)) return true;
  if (summary.type === 'ledger.genesis' || summary.type.startsWith('participant.')) return true;
  if ((await source.get(stateKeys.participantEntry(participantId, seq))) !== undefined) return true;
  for (const batch of summary.batches) if (await holdsBatchOrDescendant(source, participantId, batch)) return true;
  return false;
}
