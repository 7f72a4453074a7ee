import type { TallyEvent } from '../../schemas/events.js';
import type { LedgerMeta, ParticipantState } from '../../schemas/state.js';
import type { SubgroupCheck } from '../crypto/keys.js';
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
  /** Decides whether a key being registered has no torsion component (ApplyOptions.subgroupCheck). */
  readonly inSubgroup: SubgroupCheck;
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
  /** Batches a participant now holds as its own (registered, made, split off by it). */
  readonly owned: Array<{ participant: string; batch: string }> = [];
  /** A batch sent to another participant, whose lineage it may see while the transfer is open. */
  sent: { participant: string; batch: string; splitFrom?: string } | undefined;
  /** A transit that ended, by its transfer's seq. */
  settled: { transferSeq: number; outcome: 'received' | 'withdrawn' } | undefined;

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

  /** `participant` holds batch `batch` as its own from this entry on. */
  own(participant: string, batch: string): void {
    this.owned.push({ participant, batch });
  }

  /** `batch` (split off `splitFrom` by this entry, if given) is now in transit to `participant`. */
  send(participant: string, batch: string, splitFrom?: string): void {
    this.sent = { participant, batch, ...(splitFrom !== undefined ? { splitFrom } : {}) };
  }

  /** The transit begun by the transfer at `transferSeq` ended. */
  settle(transferSeq: number, outcome: 'received' | 'withdrawn'): void {
    this.settled = { transferSeq, outcome };
  }
}
