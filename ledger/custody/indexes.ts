import type { TallyEvent } from '../../schemas/events.js';
import type { EntryEffects } from './context.js';
import type { StateTx } from './state-tx.js';
import { stateKeys } from './keys.js';
import { recordLineage, type LinkType } from './lineage-index.js';
import { grantOwn, grantTransfer, settleTransfer } from './visibility-index.js';

/** What `ie/<seq16>` holds: enough to decide who may see an entry without reading the log. */
export interface EntrySummary {
  type: string;
  actor: string;
  batches: string[];
}

/** Value of a lineage edge under `ic/` and `iu/`. */
export interface LinkValue {
  seq: number;
  type: LinkType;
}

/** The participant whose record a `participant.*` event writes, or undefined for any other event. */
function participantRecordOf(event: TallyEvent): string | undefined {
  if (event.type === 'participant.keys') return event.participant;
  if (event.type === 'participant.register' || event.type === 'participant.update') return event.participant.id;
  return undefined;
}

/**
 * Writes the indexes of one valid entry from the effects its rules recorded: batch -> entries,
 * participant -> entries, lineage edges both ways, lineage records, visibility grants, and the
 * entry's own summary. Called last, in the same transaction as the state change, so the indexes
 * are never ahead of or behind the state they index.
 * Reads `il/` of every batch the entry touches (keysTouched lists them) and, for a transfer,
 * receive or reject, the keys of the grant walk (prefetched by the store; visibility-index.ts).
 */
export function writeIndexes(tx: StateTx, seq: number, event: TallyEvent, effects: EntryEffects): void {
  const type = event.type;
  for (const batch of effects.batches) tx.put(stateKeys.batchEntry(batch, seq), type);
  for (const participant of effects.participants) tx.put(stateKeys.participantEntry(participant, seq), type);
  const subject = participantRecordOf(event);
  if (subject !== undefined) tx.put(stateKeys.participantRecordEntry(subject, seq), type);

  const parentsOf = new Map<string, string[]>();
  for (const { parent, child } of effects.links) {
    const value = { seq, type } as LinkValue;
    tx.put(stateKeys.child(parent, child), value);
    tx.put(stateKeys.parent(child, parent), value);
    parentsOf.set(child, [...(parentsOf.get(child) ?? []), parent]);
  }
  const batches = [...effects.batches].sort();
  for (const batch of batches) {
    const parents = parentsOf.get(batch);
    recordLineage(tx, batch, seq, parents ? { type: type as LinkType, parents } : undefined);
  }

  // `ih/` lists, for GET /v1/batches?holder=, every batch a participant has held or been sent;
  // the listing filters by the batch's current state, so a recalled transfer lists nothing.
  for (const { participant, batch } of effects.owned) {
    grantOwn(tx, participant, batch);
    tx.put(stateKeys.holding(participant, batch), true);
  }
  if (effects.settled) settleTransfer(tx, effects.settled.transferSeq, effects.settled.outcome);
  if (effects.sent) {
    const { participant, batch, splitFrom } = effects.sent;
    tx.put(stateKeys.holding(participant, batch), true);
    grantTransfer(tx, seq, participant, batch, splitFrom !== undefined ? { seq, type: 'batch.transfer', parents: [splitFrom] } : undefined);
  }

  const summary: EntrySummary = { type, actor: event.actor, batches };
  tx.put(stateKeys.entrySummary(seq), summary);
}
