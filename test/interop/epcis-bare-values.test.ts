import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventPrehashes } from '../../ledger/interop/epcis/event-hash.js';

/**
 * The reference generator rewrites bare vocabulary values over the whole document before hashing
 * (a string that is what follows a '-' or '/' of exactly one vocabulary URI becomes that URI).
 * Tally applies the rewrite where the hash reads each string instead, to spare a copy of a large
 * document; these tests hold it to the reference's order: rewrite everything first, then hash.
 */
const VOCABULARY = [
  'https://ref.gs1.org/cbv/BizStep-receiving',
  'https://ref.gs1.org/cbv/BizStep-shipping',
  'https://ref.gs1.org/cbv/Disp-in_progress',
  'https://ref.gs1.org/cbv/Disp-active',
  // Two URIs ending in the same bare form: the reference leaves such a value as it is.
  'https://ref.gs1.org/cbv/SDT-owning_party',
  'https://gs1.org/voc/owning_party',
  'https://gs1.org/voc/SDT-possessing_party',
];

/** The reference's own order: every string value of the document rewritten first, keys left. */
function rewrittenFirst(value: unknown): unknown {
  if (typeof value === 'string') {
    const matches = VOCABULARY.filter((uri) => uri.endsWith('-' + value) || uri.endsWith('/' + value));
    return matches.length === 1 ? matches[0] : value;
  }
  if (Array.isArray(value)) return value.map(rewrittenFirst);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrittenFirst(v)]));
  return value;
}

/** Strings that are bare forms (unique, shared, partial), whole URIs, and others. */
const text = fc.constantFrom('receiving', 'shipping', 'in_progress', 'active', 'owning_party', 'possessing_party', 'SDT-possessing_party', 'voc/owning_party', '', 'ceiving', 'https://ref.gs1.org/cbv/BizStep-shipping', 'urn:epc:id:sgtin:0614141.107346.2017', 'tally:x', 'ex:y', '2024-01-01T00:00:00Z', '12.50');
const leaf = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('list'), tie('object')),
  list: fc.array(tie('node'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom('type', '#text', 'bizStep', 'disposition', 'source', 'destination', 'id', 'quantity', 'ex:note', '@xmlns:ex', 'epcList'), tie('node'), { maxKeys: 4, noNullPrototype: true }),
})).node;
const event = fc.record({
  type: fc.constantFrom('ObjectEvent', 'TransformationEvent'),
  eventTime: fc.constant('2024-01-01T00:00:00.000Z'),
  eventTimeZoneOffset: fc.constant('+00:00'),
  bizStep: text,
  disposition: text,
  readPoint: fc.record({ id: text }),
  sourceList: fc.array(fc.record({ type: text, source: text }), { maxLength: 2 }),
  'ex:extra': value,
});
const documentOf = (events: unknown[], ignored: string[]) => ({
  '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { ex: 'https://example.com/', rx: 'https://repository-x.example.com/' }, {}],
  type: 'EPCISDocument',
  'rx:ignoreFields': ignored,
  epcisBody: { eventList: events },
});

/** What a call gives or the message it throws with, so that failing alike counts as agreeing. */
function outcome(call: () => string[]): string[] | { threw: string } {
  try {
    return call();
  } catch (err) {
    return { threw: (err as Error).message };
  }
}

describe('bare vocabulary values in the CBV 2.0 event hash', () => {
  it('hash as if the whole document had been rewritten first, and the document is left unchanged', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom('ex:extra', 'readPoint', 'owning_party', 'bizStep'), { maxLength: 2 }), (events, ignored) => {
        const doc = documentOf(events, ignored);
        const before = JSON.stringify(doc);
        expect(outcome(() => eventPrehashes(doc, VOCABULARY))).toEqual(outcome(() => eventPrehashes(rewrittenFirst(doc), [])));
        expect(JSON.stringify(doc)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('rewrites a value that is the bare form of exactly one URI, and no other', () => {
    const doc = documentOf([{ type: 'ObjectEvent', eventTime: '2024-01-01T00:00:00.000Z', eventTimeZoneOffset: '+00:00', bizStep: 'shipping', disposition: 'owning_party', 'ex:a': 'possessing_party', 'ex:b': 'ceiving' }], []);
    const [prehash] = eventPrehashes(doc, VOCABULARY);
    expect(prehash).toContain('bizStep=https://ref.gs1.org/cbv/BizStep-shipping');
    expect(prehash).toContain('disposition=owning_party');
    expect(prehash).toContain('=https://gs1.org/voc/SDT-possessing_party');
    expect(prehash).toContain('=ceiving');
  });
});
