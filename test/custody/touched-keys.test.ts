import { describe, expect, it } from 'vitest';
import { keysTouched, namedKeysOfLogged } from '../../ledger/custody/touched-keys.js';
import type { TallyEvent } from '../../schemas/events.js';
import { generateYear } from '../../examples/generator/index.js';
import { nodeEventSigner } from '../../examples/generator/node-sign.js';

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

describe('namedKeysOfLogged', () => {
  /** What keysTouched names of participants and batches (it adds their lineage records). */
  const named = (event: unknown) => keysTouched(event).filter((key) => key.startsWith('p/') || key.startsWith('b/'));

  it('names the same participants and batches as keysTouched for every event of a generated year', () => {
    const year = generateYear({ seed: 'named-keys', origin: 'example.org/tally', targetEvents: 1500, participants: 40, sign: nodeEventSigner(), deepLineage: { ancestorEntries: 200 } });
    const types = new Set<string>();
    for (const { event } of year.events) {
      types.add(event.type);
      expect(new Set(namedKeysOfLogged(event as TallyEvent))).toEqual(new Set(named(event)));
    }
    // The year has every kind of event that names batches.
    for (const type of ['batch.register', 'batch.transfer', 'batch.receive', 'batch.transform', 'participant.register']) expect(types).toContain(type);
  });

  it('falls back to the full parse for an event not shaped like a valid one, so it names what keysTouched names', () => {
    for (const event of [
      { ...base, type: 'batch.transform', process: 'melt', site: 'works' },
      { ...base, type: 'batch.transfer', actor: 7, batch: 'rod', to: 'cable-co', toSite: 'plant' },
      { ...base, type: 'batch.transfer', batch: { id: 'rod' }, to: 'cable-co', toSite: 'plant' },
      { ...base, type: 'participant.register' },
      { ...base, type: 'no.such.type' },
    ]) {
      expect(namedKeysOfLogged(event as unknown as TallyEvent)).toEqual(named(event));
      expect(namedKeysOfLogged(event as unknown as TallyEvent)).toEqual([]);
    }
  });
});
