import type { Entry } from '../../schemas/entry.js';
import type { TallyEvent } from '../../schemas/events.js';
import { LOG_ACTOR } from '../../schemas/primitives.js';
import { namedKeysOfLogged } from '../custody/touched-keys.js';

/**
 * Which participant entries an audit bundle needs (SPEC 7: "every participant entry that registers
 * or changes a key of a signer in the lineage"). Replaying the lineage reads the state of every
 * participant an entry names: its signer, and the recipient of a transfer (whose site decides
 * where custody passes). That state is built by the participant's `participant.register`, its
 * `participant.update`s (roles and sites: a `batch.register` needs a role an update may have
 * granted, a transfer may go to a site an update added) and its `participant.keys`. Those entries
 * are signed by a registrar or the participant, whose own entries are then needed too, and so on.
 */

const PARTICIPANT_KEY_PREFIX = 'p/';

/**
 * Participants whose state applying `event` reads: the same set the store prefetches
 * (keysTouched), so the bundle can never need one this misses. Empty for a malformed event.
 * Requires `event` to come from the log (see namedKeysOfLogged: it is not parsed again). May
 * name a participant twice.
 */
export function participantsNamed(event: Entry['event']): string[] {
  // Typed as the validated union: every logged event passed that validation.
  return namedKeysOfLogged(event as TallyEvent)
    .filter((key) => key.startsWith(PARTICIPANT_KEY_PREFIX))
    .map((key) => key.slice(PARTICIPANT_KEY_PREFIX.length))
    .filter((id) => id !== LOG_ACTOR);
}

/** The participant whose record a `participant.*` event writes, or undefined for any other event. */
export function participantEntryTarget(event: Entry['event']): string | undefined {
  const subject = (event as { participant?: unknown }).participant;
  if (event.type === 'participant.keys') return typeof subject === 'string' ? subject : undefined;
  if (event.type === 'participant.register' || event.type === 'participant.update') {
    const id = (subject as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/** Read access to the log and its participant index, as of one checkpoint. */
export interface ParticipantEntryAccess {
  /**
   * Seqs of the `participant.*` entries about participant `id` (at least those; the `ik/<id>/`
   * index on a server), each checked against the entry itself.
   */
  participantEntrySeqs(id: string): Promise<number[]>;
  /** Entries `seqs`, in the order asked. */
  entries(seqs: readonly number[]): Promise<Entry[]>;
}

/**
 * Seqs, ascending, of every `participant.*` entry before `size` that writes the record of a
 * participant named by `entries` or, transitively, by the participant entries found. Genesis is
 * not among them (the caller always includes entry 0).
 * Requires `entries` to be entries of the log below `size`; they are iterated once, in order, so a
 * caller may parse each as it is reached and keep none (bundle-source.ts does, for thousands).
 * Cost: one index scan per participant reached, plus one entry read per participant entry those
 * scans list.
 */
export async function participantEntrySeqs(entries: Iterable<Entry>, access: ParticipantEntryAccess, size: number): Promise<number[]> {
  const seen = new Set<string>();
  const queue: string[] = [];
  const enqueue = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      queue.push(id);
    }
  };
  for (const entry of entries) participantsNamed(entry.event).forEach(enqueue);

  const found = new Set<number>();
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const seqs = (await access.participantEntrySeqs(id)).filter((seq) => seq < size && !found.has(seq));
    const candidates = await access.entries(seqs);
    for (const entry of candidates) {
      if (participantEntryTarget(entry.event) !== id) continue;
      found.add(entry.seq);
      participantsNamed(entry.event).forEach(enqueue);
    }
  }
  return [...found].sort((a, b) => a - b);
}
