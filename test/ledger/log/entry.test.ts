import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../schemas/entry.js';
import { entryHash, entryLeafBytes, GENESIS_PREV, makeEntry } from '../../../ledger/log/entry.js';
import { leafHash } from '../../../ledger/crypto/hash.js';
import { toHex, utf8Decode, utf8Encode } from '../../../ledger/encoding/bytes.js';
import { expectCode } from '../support/errors.js';

const envelope: Envelope = {
  event: { v: 1, ledger: 'l', id: 'e', type: 't', actor: 'a', at: '2026-01-01T00:00:00Z' },
  keyId: '0123456789abcdef',
  sig: 'c2ln',
};

describe('entries', () => {
  it('puts the fields of SPEC 5 in order and hashes the JCS of exactly them', () => {
    const entry = makeEntry({ seq: 0, prev: GENESIS_PREV, recordedAt: '2026-01-01T00:00:01Z', envelope });
    expect(Object.keys(entry)).toEqual(['seq', 'prev', 'recordedAt', 'event', 'keyId', 'sig']);
    const leaf =
      '{"event":{"actor":"a","at":"2026-01-01T00:00:00Z","id":"e","ledger":"l","type":"t","v":1},' +
      `"keyId":"0123456789abcdef","prev":"${'0'.repeat(64)}","recordedAt":"2026-01-01T00:00:01Z","seq":0,"sig":"c2ln"}`;
    expect(utf8Decode(entryLeafBytes(entry))).toBe(leaf);
    expect(entryHash(entry)).toBe(toHex(leafHash(utf8Encode(leaf))));
    // Properties beyond the six are not part of the leaf.
    expect(entryHash({ ...entry, extra: 1 } as typeof entry)).toBe(entryHash(entry));
  });

  it('chains entries through prev', () => {
    const first = makeEntry({ seq: 0, prev: GENESIS_PREV, recordedAt: 't0', envelope });
    const second = makeEntry({ seq: 1, prev: entryHash(first), recordedAt: 't1', envelope });
    expect(second.prev).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(second)).not.toBe(entryHash(first));
  });

  it('refuses malformed seq and prev', () => {
    const h = 'ab'.repeat(32);
    expectCode(() => makeEntry({ seq: -1, prev: h, recordedAt: 't', envelope }), 'invalid_entry');
    expectCode(() => makeEntry({ seq: 1.5, prev: h, recordedAt: 't', envelope }), 'invalid_entry');
    expectCode(() => makeEntry({ seq: 1, prev: h.toUpperCase(), recordedAt: 't', envelope }), 'invalid_entry');
    expectCode(() => makeEntry({ seq: 1, prev: h.slice(2), recordedAt: 't', envelope }), 'invalid_entry');
    expectCode(() => makeEntry({ seq: 0, prev: h, recordedAt: 't', envelope }), 'invalid_entry');
    expectCode(() => makeEntry({ seq: 1, prev: GENESIS_PREV, recordedAt: 't', envelope }), 'invalid_entry');
  });

  it('refuses to hash an entry missing a field', () => {
    const entry = makeEntry({ seq: 0, prev: GENESIS_PREV, recordedAt: 't', envelope });
    expectCode(() => entryHash({ ...entry, sig: undefined } as unknown as typeof entry), 'non_canonical_value');
  });
});
