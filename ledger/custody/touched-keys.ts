import { eventSchemaUnion, type TallyEvent } from '../../schemas/events.js';
import { REGISTRAR_ID } from '../../schemas/primitives.js';
import { stateKeys } from './keys.js';
import { isValidatedEvent } from './validated-envelope.js';

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
    valid = parsed.data;
  }
  const named = namedKeys(valid);
  // Every batch an entry names gets its lineage record rewritten (lineage-index.ts).
  const lineage = named.filter((key) => key.startsWith(BATCH_PREFIX)).map((key) => stateKeys.lineage(key.slice(BATCH_PREFIX.length)));
  return [...new Set([...named, ...lineage])];
}

const BATCH_PREFIX = 'b/';

function namedKeys(event: TallyEvent): string[] {
  const { participant: p, batch: b } = stateKeys;
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
