import type { TallyEvent } from '../../schemas/events.js';
import type { EntryEffects } from './context.js';
import type { StateTx } from './state-tx.js';
import { stateKeys } from './keys.js';

/** What `ie/<seq16>` holds: enough to decide who may see an entry without reading the log. */
export interface EntrySummary {
  type: string;
  actor: string;
  batches: string[];
}

/** Value of a lineage edge under `ic/` and `iu/`. */
export interface LinkValue {
  seq: number;
  type: 'batch.transfer' | 'batch.transform' | 'batch.export';
}

/**
 * Writes the indexes of one valid entry from the effects its rules recorded: batch -> entries,
 * participant -> entries, lineage edges both ways, holdings, and the entry's own summary. Called
 * last, in the same transaction as the state change, so the indexes are never ahead of or
 * behind the state they index.
 */
export function writeIndexes(tx: StateTx, seq: number, event: TallyEvent, effects: EntryEffects): void {
  const type = event.type;
  for (const batch of effects.batches) tx.put(stateKeys.batchEntry(batch, seq), type);
  for (const participant of effects.participants) tx.put(stateKeys.participantEntry(participant, seq), type);
  for (const { parent, child } of effects.links) {
    const value = { seq, type } as LinkValue;
    tx.put(stateKeys.child(parent, child), value);
    tx.put(stateKeys.parent(child, parent), value);
  }
  for (const { participant, batch } of effects.holdings) tx.put(stateKeys.holding(participant, batch), true);
  const summary: EntrySummary = { type, actor: event.actor, batches: [...effects.batches].sort() };
  tx.put(stateKeys.entrySummary(seq), summary);
}
