import { describe, expect, it } from 'vitest';
import { entryEnvelope, isValidatedEvent, parseAndSealEnvelope } from '../../ledger/custody/validated-envelope.js';
import { keysTouched } from '../../ledger/custody/touched-keys.js';
import { isTallyError } from '../../ledger/errors.js';
import type { Entry } from '../../schemas/entry.js';
import { eventSigningBytes, sealEvent } from '../../ledger/log/event-signing.js';

const SIG = 'A'.repeat(86);
const transfer = { v: 1, ledger: 'example.org/tally', id: 'ev-1', type: 'batch.transfer', actor: 'recycler', at: '2026-03-01T09:30:00Z', batch: 'b-1', to: 'mill', toSite: 'works' };
const entryOf = (event: unknown, keyId = '9f86d081884c7d65', sig = SIG): Entry => ({ seq: 1, prev: 'a'.repeat(64), recordedAt: '2026-03-01T09:30:00Z', event: event as Entry['event'], keyId, sig });

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    if (!isTallyError(err)) throw err;
    return [err.code, err.path];
  }
}

describe('an event is schema-parsed once on the append path', () => {
  it('an envelope parsed and sealed at submission is frozen, so it cannot be changed between its parse and its apply', () => {
    const { event } = parseAndSealEnvelope({ event: { ...transfer }, keyId: '9f86d081884c7d65', sig: SIG });
    expect(isValidatedEvent(event)).toBe(true);
    expect(() => {
      (event as { batch: string }).batch = 'a/b';
    }).toThrow(TypeError);
    expect(entryEnvelope(entryOf(event)).event).toBe(event);
    expect(keysTouched(event)).toEqual(keysTouched({ ...transfer }));
    expect(keysTouched(event)).toEqual(['p/recycler', 'b/b-1', 'p/mill', 'il/b-1']);
  });

  it('an entry that pairs a sealed event with a malformed keyId or sig is still refused', () => {
    const { event } = parseAndSealEnvelope({ event: { ...transfer }, keyId: '9f86d081884c7d65', sig: SIG });
    expect(codeOf(() => entryEnvelope(entryOf(event, 'NOT-HEX')))).toEqual(['invalid_event', ['keyId']]);
    expect(codeOf(() => entryEnvelope(entryOf(event, undefined, 'short')))).toEqual(['invalid_event', ['sig']]);
  });

  it('an equal-looking event that did not come through parseAndSealEnvelope (a replayed entry) is parsed in full', () => {
    const forged = Object.freeze({ ...transfer, batch: 'a/b' });
    expect(isValidatedEvent(forged)).toBe(false);
    expect(codeOf(() => entryEnvelope(entryOf(forged)))).toEqual(['invalid_event', ['event', 'batch']]);
    expect(keysTouched(forged)).toEqual([]);
  });

  it('a replayed event sealed as it was read is applied as that object once the schema passes it, so its signing bytes are computed once', () => {
    const sealed = sealEvent(JSON.parse(JSON.stringify(transfer)) as Entry['event']);
    const bytes = eventSigningBytes(sealed);
    expect(isValidatedEvent(sealed)).toBe(false);
    const { event } = entryEnvelope(entryOf(sealed));
    expect(event).toBe(sealed);
    expect(eventSigningBytes(event)).toBe(bytes);
    expect(isValidatedEvent(sealed)).toBe(true);
  });

  it('a sealed replayed event that fails the schema is refused and never marked validated', () => {
    const sealed = sealEvent({ ...transfer, batch: 'a/b' } as Entry['event']);
    expect(codeOf(() => entryEnvelope(entryOf(sealed)))).toEqual(['invalid_event', ['event', 'batch']]);
    expect(isValidatedEvent(sealed)).toBe(false);
    expect(codeOf(() => entryEnvelope(entryOf(sealed, 'NOT-HEX')))).toEqual(['invalid_event', ['event', 'batch']]);
  });

  it('naming the keys of a sealed replayed event (a prefetch) validates it, so its apply parses it no more', () => {
    const sealed = sealEvent(JSON.parse(JSON.stringify(transfer)) as Entry['event']);
    expect(keysTouched(sealed)).toEqual(['p/recycler', 'b/b-1', 'p/mill', 'il/b-1']);
    expect(isValidatedEvent(sealed)).toBe(true);
    expect(entryEnvelope(entryOf(sealed)).event).toBe(sealed);
    const invalid = sealEvent({ ...transfer, batch: 'a/b' } as Entry['event']);
    expect(keysTouched(invalid)).toEqual([]);
    expect(isValidatedEvent(invalid)).toBe(false);
    const unsealed = JSON.parse(JSON.stringify(transfer)) as Entry['event'];
    expect(keysTouched(unsealed)).toEqual(['p/recycler', 'b/b-1', 'p/mill', 'il/b-1']);
    expect(isValidatedEvent(unsealed)).toBe(false);
  });

  it('a submission that fails the schema is never marked validated', () => {
    const input = { event: { ...transfer, colour: 'red' }, keyId: '9f86d081884c7d65', sig: SIG };
    expect(codeOf(() => parseAndSealEnvelope(input))).toEqual(['invalid_event', ['event', 'colour']]);
    expect(isValidatedEvent(input.event)).toBe(false);
  });
});
