import { describe, expect, it } from 'vitest';
import { keysRegisteredBy } from '../../ledger/custody/registered-keys.js';

describe('keysRegisteredBy', () => {
  it('names the keys genesis, a registration and a rotation add, and none for other events', () => {
    expect(keysRegisteredBy({ type: 'ledger.genesis', registrar: { keys: ['a', 'b'] } })).toEqual(['a', 'b']);
    expect(keysRegisteredBy({ type: 'participant.register', participant: { id: 'p', keys: ['c'] } })).toEqual(['c']);
    expect(keysRegisteredBy({ type: 'participant.keys', participant: 'p', add: ['d'], revoke: ['e'] })).toEqual(['d']);
    expect(keysRegisteredBy({ type: 'participant.update', participant: { id: 'p', keys: ['f'] } })).toEqual([]);
    expect(keysRegisteredBy({ type: 'batch.register', add: ['g'] })).toEqual([]);
  });

  it('never throws on a malformed event, keeping only string-shaped keys', () => {
    for (const event of [null, undefined, 7, 'x', [], {}, { type: 'ledger.genesis' }, { type: 'participant.register', participant: null }, { type: 'participant.keys', add: 'k' }]) {
      expect(keysRegisteredBy(event)).toEqual([]);
    }
    expect(keysRegisteredBy({ type: 'participant.keys', add: ['k', 3, null, { key: 'x' }] })).toEqual(['k']);
  });
});
