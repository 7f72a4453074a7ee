import { eventSchemaUnion, type TallyEvent } from '../../schemas/events.js';
import { REGISTRAR_ID } from '../../schemas/primitives.js';
import { stateKeys } from './keys.js';

/**
 * Every key outside `agg/` and `meta/` that {@link applyEntry} may read for `event`, so a store
 * can prefetch them in one batch before applying. Derived from the event alone: the participants
 * and batches it names. Whatever else a rule needs (the sender of a pending transfer, the site of
 * a batch) is kept on the batch state, so no key is ever discovered only while applying.
 * Accepts any value: for one that is not a valid event it returns [] (apply refuses it before
 * reading state).
 */
export function keysTouched(event: unknown): string[] {
  const parsed = eventSchemaUnion.safeParse(event);
  if (!parsed.success) return [];
  return [...new Set(namedKeys(parsed.data))];
}

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
