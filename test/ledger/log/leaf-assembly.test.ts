import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../ledger/encoding/jcs.js';
import { entryLeafText, makeEntry } from '../../../ledger/log/entry.js';
import { eventJcs, sealEvent } from '../../../ledger/log/event-signing.js';
import type { SignedEvent } from '../../../schemas/entry.js';

/** Events with awkward strings (escapes, non-ASCII, astral) and nested values. */
const eventArb = fc.record({
  v: fc.constant(1 as const),
  ledger: fc.string({ minLength: 1 }),
  id: fc.string({ minLength: 1 }),
  type: fc.constantFrom('batch.register', 'batch.transfer'),
  actor: fc.string({ minLength: 1, unit: 'grapheme' }),
  at: fc.constant('2026-01-01T00:00:00Z'),
  note: fc.string({ unit: 'grapheme' }),
  massG: fc.maxSafeInteger(),
  nested: fc.dictionary(fc.string({ unit: 'grapheme' }), fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ unit: 'grapheme' }))),
});

describe('leaf text assembled around the sealed event JCS', () => {
  it('is byte for byte the JCS of the whole entry', () => {
    fc.assert(
      fc.property(eventArb, fc.nat(), fc.string({ unit: 'grapheme' }), (event, seq, sig) => {
        const sealed = sealEvent(structuredClone(event) as unknown as SignedEvent);
        const entry = makeEntry({ seq: seq + 1, prev: 'ab'.repeat(32), recordedAt: '2026-01-01T00:00:01.000Z', envelope: { event: sealed, keyId: '0123456789abcdef', sig } });
        const { seq: s, prev, recordedAt, keyId } = entry;
        expect(entryLeafText(entry)).toBe(canonicalize({ seq: s, prev, recordedAt, event: sealed, keyId, sig }));
      }),
      { numRuns: 300 },
    );
  });

  it('cannot serve a stale canonical form: a sealed event is frozen, an unsealed one is recomputed', () => {
    const event = { v: 1, ledger: 'l', id: 'e', type: 't', actor: 'a', at: 't0', massG: 5 } as unknown as SignedEvent & { massG: number };
    sealEvent(event);
    expect(() => {
      event.massG = 6;
    }).toThrow(TypeError);
    const copy = { ...event, massG: 7 };
    expect(eventJcs(copy)).toContain('"massG":7');
  });
});
