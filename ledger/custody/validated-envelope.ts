import type { Entry, Envelope } from '../../schemas/entry.js';
import { parseEnvelope, type TallyEvent } from '../../schemas/events.js';
import { keyIdSchema, signatureSchema } from '../../schemas/primitives.js';
import { TallyError } from '../errors.js';
import { isSealedEvent, sealEvent } from '../log/event-signing.js';

/**
 * Events that passed the envelope schema and were sealed (deep-frozen) straight after, or sealed
 * before it and passed it (a replayed entry, see entryEnvelope), so they cannot have changed since:
 * applying one needs no second schema parse. A memo, like the sealed JCS cache in
 * event-signing.ts: it never changes a verdict, only skips repeating one. Any other event (one
 * read from a log or a bundle and not sealed) is parsed in full each time it is applied.
 */
const validatedEvents = new WeakSet<object>();

/**
 * Parses an envelope from outside (any JSON value), seals its event and remembers that it is
 * schema-valid.
 * @throws TallyError `invalid_event` as parseEnvelope; `non_canonical_value` as sealEvent.
 */
export function parseAndSealEnvelope(input: unknown): Envelope<TallyEvent> {
  const envelope = parseEnvelope(input);
  sealEvent(envelope.event);
  validatedEvents.add(envelope.event);
  return envelope;
}

/**
 * True for an event {@link parseAndSealEnvelope} parsed and sealed, or a sealed one the schema has
 * since passed ({@link sealedIfValid}): schema-valid and unchangeable.
 */
export function isValidatedEvent(event: unknown): event is TallyEvent {
  return typeof event === 'object' && event !== null && validatedEvents.has(event);
}

/**
 * The typed envelope of an entry: its own event object when that is already validated (see
 * {@link isValidatedEvent}; only keyId and sig are checked again, they are not part of the seal),
 * otherwise the full schema parse, whose event is the entry's own when that is sealed
 * ({@link sealedIfValid}) and the schema's copy when not.
 * @throws TallyError `invalid_event` with the path of the first offending field.
 */
export function entryEnvelope(entry: Entry): Envelope<TallyEvent> {
  if (isValidatedEvent(entry.event)) {
    if (!keyIdSchema.safeParse(entry.keyId).success) throw new TallyError('invalid_event', 'keyId: keyId must be 16 lowercase hex digits', ['keyId']);
    if (!signatureSchema.safeParse(entry.sig).success) throw new TallyError('invalid_event', 'sig: signature must be 64 bytes in base64url without padding', ['sig']);
    return { event: entry.event, keyId: entry.keyId, sig: entry.sig };
  }
  const envelope = parseEnvelope({ event: entry.event, keyId: entry.keyId, sig: entry.sig });
  return { ...envelope, event: sealedIfValid(entry.event, envelope.event) };
}

/**
 * What to apply for `input`, an event the schema has just passed as `parsed`: `input` itself when
 * it is sealed, remembered as validated, otherwise the schema's copy. A replay seals each event as
 * it reads it (sealEntries). The schema's copy holds the same values (the event schemas change
 * none; test/custody/canonical-schemas.test.ts keeps every one of them free of defaults and
 * transforms), so the sealed event can stand for it: its signing bytes are then the ones already
 * computed for the signature check, and a later apply (after keysTouched, say) parses nothing again.
 * Requires `parsed` to be the schema's output for `input`.
 */
export function sealedIfValid(input: unknown, parsed: TallyEvent): TallyEvent {
  if (!isSealedEvent(input)) return parsed;
  validatedEvents.add(input as object);
  return input as TallyEvent;
}
