import { eventSchemaUnion, type TallyEvent } from '../../schemas/events.js';
import { REGISTRAR_ID } from '../../schemas/primitives.js';
import { stateKeys } from './keys.js';
import { isValidatedEvent, sealedIfValid } from './validated-envelope.js';

/**
 * Every key outside `agg/` and `meta/` that {@link applyEntry} may read for `event`, so a store
 * can prefetch them in one batch before applying. Derived from the event alone: the participants
 * and batches it names. Whatever else a rule needs (the sender of a pending transfer, the site of
 * a batch) is kept on the batch state, so no key is ever discovered only while applying.
 * Accepts any value: for one that is not a valid event it returns [] (apply refuses it before
 * reading state). A transfer, receive or reject also walks the lineage to grant or withdraw
 * visibility: those keys depend on state, and the store prefetches them with
 * ledger/store/visibility-prefetch.ts just before applying the entry.
 */
export function keysTouched(event: unknown): string[] {
  let valid: TallyEvent;
  if (isValidatedEvent(event)) valid = event;
  else {
    const parsed = eventSchemaUnion.safeParse(event);
    if (!parsed.success) return [];
    // A sealed event (one fsck or a recovery read from a log) is remembered as valid, so the
    // apply that follows this prefetch does not parse it a second time.
    valid = sealedIfValid(event, parsed.data);
  }
  return withLineageKeys(namedKeys(valid));
}

/**
 * The participant and batch keys (`p/`, `b/`) among {@link keysTouched} of an event the log
 * holds, without parsing it again: every logged event passed the schema before it was appended,
 * so naming its keys needs no second parse (a bundle names the participants of thousands, and the
 * parse costs far more than the naming). The same keys as keysTouched gives for every valid
 * event; an event not even shaped like one (a name that is not a string, a member missing, an
 * unknown type) gets keysTouched's full parse, as anything else would.
 * Requires `event` to come from the log.
 */
export function namedKeysOfLogged(event: TallyEvent): string[] {
  let keys: string[] | undefined;
  try {
    keys = namedKeys(event, STRICT_KEYS);
  } catch {
    // A member missing or of another type: not shaped like a valid event.
  }
  return Array.isArray(keys) ? keys : keysTouched(event).filter((key) => key.startsWith('p/') || key.startsWith(BATCH_PREFIX));
}

const named = (prefix: string) => (id: unknown) => {
  if (typeof id !== 'string') throw new TypeError(`a name must be a string, not ${typeof id}`);
  return prefix + id;
};
/** Key makers that refuse a name that is not a string (a valid event has no other). */
const STRICT_KEYS = { participant: named('p/'), batch: named('b/') };

function withLineageKeys(named: string[]): string[] {
  // Every batch an entry names gets its lineage record rewritten (lineage-index.ts).
  const lineage = named.filter((key) => key.startsWith(BATCH_PREFIX)).map((key) => stateKeys.lineage(key.slice(BATCH_PREFIX.length)));
  return [...new Set([...named, ...lineage])];
}

const BATCH_PREFIX = 'b/';

type KeyMakers = { participant: (id: string) => string; batch: (id: string) => string };

function namedKeys(event: TallyEvent, keys: KeyMakers = stateKeys): string[] {
  const { participant: p, batch: b } = keys;
  switch (event.type) {
    case 'ledger.genesis':
      return [p(REGISTRAR_ID)];
    case 'participant.register':
    case 'participant.update':
      return [p(event.actor), p(event.participant.id)];
    case 'participant.keys':
      return [p(event.actor), p(event.participant)];
    case 'ledger.materials':
      return [p(event.actor)];
    case 'batch.register':
      return [p(event.actor), b(event.batch.id)];
    case 'batch.transfer':
      return [p(event.actor), b(event.batch), p(event.to), ...(event.split ? [b(event.split.id)] : [])];
    case 'batch.export':
      return [p(event.actor), b(event.batch), ...(event.split ? [b(event.split.id)] : [])];
    case 'batch.transform':
      return [p(event.actor), ...event.inputs.map((input) => b(input.batch)), ...event.outputs.map((output) => b(output.id))];
    case 'batch.receive':
    case 'batch.reject':
    case 'batch.retire':
    case 'batch.adjust':
    case 'batch.attest':
      return [p(event.actor), b(event.batch)];
  }
}
