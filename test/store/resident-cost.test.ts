import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { MemoryBackend } from '../../ledger/store/memory-backend.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { registerParticipant, testLedgerSettings } from '../support/ledger-fixtures.js';

/**
 * Item 5 of the trust issue (the store's half): a group commit costs O(keys it changes), never
 * O(resident state). The whole resident map (participants, aggregates, meta) used to be copied on
 * every commit and sorted on every scan, so one participant minting keys slowed every append and
 * report. The resident map counts the keys it visits and writes (ResidentState.work): the work of
 * one commit, and of a scan, must not grow as the resident state grows fourfold.
 */
it('commits and scans without visiting the resident state, however large it is', async () => {
  const settings = testLedgerSettings({ verify: nodeVerify });
  const ledger = await Ledger.open(new MemoryBackend(), settings);
  const key = generateKeyPair().publicKey;
  const grow = async (from: number, count: number) => {
    for (let i = from; i < from + count; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, from + count - i) }, (_, j) => ledger.submit(registerParticipant(settings, `p${i + j}`, key))));
    }
  };
  const workOfOneCommit = async (id: string) => {
    const before = { ...ledger.residentWork };
    await ledger.submit(registerParticipant(settings, id, key));
    return { visited: ledger.residentWork.visited - before.visited, written: ledger.residentWork.written - before.written };
  };
  const visitedByScan = async () => {
    const before = ledger.residentWork.visited;
    let n = 0;
    for await (const _ of ledger.state.scan('p/')) n++;
    return { visited: ledger.residentWork.visited - before, listed: n };
  };

  await grow(0, 100);
  const small = await workOfOneCommit('probe-small');
  const smallScan = await visitedByScan();
  await grow(100, 300);
  const large = await workOfOneCommit('probe-large');
  const largeScan = await visitedByScan();

  expect(largeScan.listed).toBeGreaterThan(4 * smallScan.listed - 10);
  // One registration changes its participant key and a few aggregates; it visits nothing else.
  expect(small.visited).toBe(0);
  expect(large).toEqual(small);
  expect(small.written).toBeGreaterThan(0);
  expect(small.written).toBeLessThan(10);
  // Scans read the backend's ordered keys, never sort the resident map.
  expect(smallScan.visited).toBe(0);
  expect(largeScan.visited).toBe(0);
  await ledger.close();
});
