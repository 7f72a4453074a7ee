import type { TallyEvent } from '../../schemas/events.js';
import type { LedgerMeta, ParticipantState } from '../../schemas/state.js';
import type { StateTx } from './state-tx.js';

/**
 * What one entry's rules work with: the transaction, the entry's position, the validated event,
 * the ledger's settings and the signer's state, plus the effects the rules record for the indexes.
 */
export interface ApplyContext<E extends TallyEvent = TallyEvent> {
  readonly tx: StateTx;
  readonly seq: number;
  readonly event: E;
  readonly meta: LedgerMeta;
  /** The signer, whose key and signature have been checked. */
  readonly actor: ParticipantState;
  readonly effects: EntryEffects;
}

/** A lineage edge parent -> child created by an entry. */
export interface LineageLink {
  parent: string;
  child: string;
}

/**
 * What an entry touched, collected by the rules and written to the indexes once the entry is
 * known to be valid. Kept separate from the rules so every event type indexes the same way.
 */
export class EntryEffects {
  readonly batches = new Set<string>();
  readonly participants = new Set<string>();
  readonly links: LineageLink[] = [];
  readonly holdings: Array<{ participant: string; batch: string }> = [];

  /** The entry changes or names batch `id`. */
  touchBatch(id: string): void {
    this.batches.add(id);
  }

  /** The entry is signed by or names participant `id`. */
  nameParticipant(id: string): void {
    this.participants.add(id);
  }

  /** Batch `child` was made from `parent` by this entry; both are touched. */
  link(parent: string, child: string): void {
    this.touchBatch(parent);
    this.touchBatch(child);
    this.links.push({ parent, child });
  }

  /** `participant` now holds, or has in transit to it, batch `batch`. */
  hold(participant: string, batch: string): void {
    this.holdings.push({ participant, batch });
  }
}
