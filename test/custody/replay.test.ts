import { describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { nobleVerify } from '../../ledger/crypto/signature.js';
import { replayEntries } from '../../ledger/custody/replay.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import { TestLedger, t } from './harness.js';

/** A ledger that uses every event type, a key rotation, a rejection and an export by transfer. */
function busyLedger(): TestLedger {
  const ledger = new TestLedger();
  ledger.participant('recycler', ['recycler'], 'GB', [['yard', 'GB']]);
  ledger.participant('mill', ['processor'], 'GB', [['works', 'GB']]);
  ledger.participant('turkish-mill', ['processor'], 'TR', [['izmir', 'TR']]);
  ledger.participant('auditor', ['auditor'], 'GB');
  ledger.register('recycler', { id: 's1', material: 'copper', form: 'scrap', massG: t(12), site: 'yard' }, { kind: 'post-consumer', country: 'GB' });
  ledger.register('recycler', { id: 's2', material: 'copper', form: 'scrap', massG: t(8), site: 'yard' }, { kind: 'pre-consumer', country: 'IE' });
  ledger.addKey('recycler');
  ledger.transfer('recycler', 's1', 'mill', 'works', { id: 's1a', massG: t(5) });
  ledger.submit('mill', 'batch.reject', { batch: 's1a', reason: 'wrong grade' });
  ledger.deliver('recycler', 's1', 'mill', 'works');
  ledger.deliver('recycler', 's2', 'mill', 'works');
  ledger.transform('mill', 'works', 'melt', [['s1', t(7)], ['s2', t(8)]], [{ id: 'ingot', material: 'copper', form: 'ingot', massG: t(14.5) }]);
  ledger.submit('mill', 'batch.adjust', { batch: 'ingot', massG: t(14.4), reason: 'reweighed' });
  ledger.transfer('mill', 'ingot', 'turkish-mill', 'izmir', { id: 'ingot-tr', massG: t(4) });
  ledger.receive('turkish-mill', 'ingot-tr', t(3.99));
  ledger.submit('recycler', 'batch.export', { batch: 's1a', destination: { country: 'IN', consignee: 'Mumbai Metals' }, wasteCode: { scheme: 'basel', code: 'B1010' } });
  ledger.submit('mill', 'batch.retire', { batch: 'ingot', massG: t(1), reason: 'incorporated', product: { sku: 'BUSBAR-1', name: 'Busbar' } });
  ledger.submit('auditor', 'batch.attest', { batch: 'ingot', kind: 'assay', sha256: 'a'.repeat(64) });
  ledger.submit('registrar', 'participant.update', { participant: { id: 'mill', name: 'Mill plc', roles: ['processor', 'trader'], country: 'GB', sites: [{ id: 'works', name: 'Works', country: 'GB' }] } });
  return ledger;
}

describe('replay from genesis', () => {
  it('rebuilds byte-identical state and indexes from the entries alone', () => {
    const ledger = busyLedger();
    // Entries as a store returns them: parsed from their JSON text, sharing nothing with the originals.
    const entries = JSON.parse(JSON.stringify(ledger.entries)) as Entry[];
    const replayed = replayEntries(entries, nobleVerify);
    expect([...replayed.keys()].sort()).toEqual([...ledger.state.keys()].sort());
    for (const [key, text] of ledger.state) expect(replayed.get(key), key).toBe(text);
    // Every entry left its summary, so per-entry visibility never needs the log.
    for (const entry of ledger.entries) expect(replayed.has(stateKeys.entrySummary(entry.seq))).toBe(true);
  });

  it('gives the same state when replayed in two halves, as a restarted auditor would', () => {
    const ledger = busyLedger();
    const half = Math.floor(ledger.entries.length / 2);
    const state = replayEntries(ledger.entries.slice(0, half), nobleVerify);
    replayEntries(ledger.entries.slice(half), nobleVerify, state);
    expect(JSON.stringify([...state].sort())).toBe(JSON.stringify([...ledger.state].sort()));
  });

  it('stops at a tampered entry, keeping the state of every entry before it', () => {
    const ledger = busyLedger();
    const entries = ledger.entries.map((entry) => ({ ...entry }));
    const victim = entries.findIndex((entry) => entry.event.type === 'batch.receive');
    entries[victim] = { ...entries[victim]!, event: { ...entries[victim]!.event, massG: t(4) } };
    const state = new Map<string, string>();
    expect(() => replayEntries(entries, nobleVerify, state)).toThrowError(expect.objectContaining({ code: 'bad_signature' }));
    expect(JSON.stringify([...state].sort())).toBe(JSON.stringify([...replayEntries(entries.slice(0, victim), nobleVerify)].sort()));
  });
});
