import { describe, expect, it } from 'vitest';
import { keysTouched } from '../../ledger/custody/touched-keys.js';

const base = { v: 1, ledger: 'example.org/tally', id: 'e1', actor: 'mill', at: '2026-03-01T09:30:00Z' };

describe('keysTouched', () => {
  it('lists the signer, every participant and batch the event names, and those batches\' lineage records', () => {
    expect(keysTouched({ ...base, type: 'batch.transfer', batch: 'rod', to: 'cable-co', toSite: 'plant', split: { id: 'rod-lot', massG: 5 } }).sort()).toEqual(
      ['b/rod', 'b/rod-lot', 'il/rod', 'il/rod-lot', 'p/cable-co', 'p/mill'],
    );
    expect(keysTouched({
      ...base,
      type: 'batch.transform',
      process: 'melt',
      site: 'works',
      inputs: [{ batch: 'a', massG: 1 }, { batch: 'b', massG: 1 }],
      outputs: [{ id: 'c', material: 'copper', form: 'ingot', massG: 1 }],
    }).sort()).toEqual(['b/a', 'b/b', 'b/c', 'il/a', 'il/b', 'il/c', 'p/mill']);
    expect(keysTouched({ ...base, type: 'participant.keys', participant: 'mill', add: [], revoke: ['0123456789abcdef'] })).toEqual(['p/mill']);
  });

  it('lists nothing for what is not a valid event: apply refuses it before reading state', () => {
    expect(keysTouched(null)).toEqual([]);
    expect(keysTouched({ ...base, type: 'batch.transfer', batch: 'a/b' })).toEqual([]);
  });
});
