import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import { toHex } from '../../ledger/encoding/bytes.js';
import { entryLeafBytes, GENESIS_PREV } from '../../ledger/log/entry.js';
import { applyEntry } from '../../ledger/custody/apply.js';
import { FrozenStateTx } from '../../ledger/custody/state-tx.js';
import { replayLog } from '../../sdk/replay.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { nodeHashes } from '../../sdk/node-hashes.js';
import { copperChainWithEntries, type ScenarioLedger } from './scenario.js';

/**
 * `tally replay` replays without the query indexes (sdk/replay.ts `indexes: false`). That is only
 * sound while no custody rule reads an index: these tests fail the day one does, and show that the
 * verdicts, on a clean log and on logs an attacker arranged, are the same either way.
 */

/**
 * The keys the rules may read and write (ledger/custody/keys.ts): the ledger's metadata,
 * participants, batches and counters. Anything else, today's indexes or one added later, is a
 * key a lean replay does not have.
 */
const RULE_PREFIXES = ['meta/', 'p/', 'b/', 'agg/'];
const isRuleKey = (key: string) => RULE_PREFIXES.some((prefix) => key.startsWith(prefix));

let s: ScenarioLedger;
let entries: Entry[];
beforeAll(async () => ({ s, entries } = await copperChainWithEntries()));
afterAll(() => s.ledger.close());

const pager = (list: readonly Entry[]) => async (from: number, limit: number) => structuredClone(list.slice(from, from + limit));
const replay = (list: readonly Entry[], indexes: boolean) =>
  replayLog({ fetchEntries: pager(list), logKey: s.logKey, checkpoint: s.ledger.checkpoint, verify: nodeVerify, hashes: nodeHashes, indexes });

/** Sets each entry's seq and prev again after an edit, so the hash chain holds and only the rules can object. */
function rechain(list: Entry[]): Entry[] {
  let prev = GENESIS_PREV;
  return list.map((entry, seq) => {
    const fixed = { ...entry, seq, prev };
    prev = toHex(nodeHashes.leafHash(entryLeafBytes(fixed)));
    return fixed;
  });
}

describe('replay without the query indexes', () => {
  it('reads and writes only the rules\' own keys, no index, when the indexes are off', () => {
    const state = new Map<string, unknown>();
    const touched: string[] = [];
    for (const entry of structuredClone(entries)) {
      const tx = new FrozenStateTx(state);
      const watched = {
        get: (key: string) => (touched.push(key), tx.get(key)),
        put: (key: string, value: unknown) => (touched.push(key), tx.put(key, value)),
      };
      applyEntry(entry, watched, nodeVerify, { indexes: false });
      tx.commit();
    }
    expect(touched.length).toBeGreaterThan(entries.length);
    expect(touched.filter((key) => !isRuleKey(key))).toEqual([]);
  });

  it('rebuilds every key the rules keep exactly as the full replay does, and only those', async () => {
    const full = await replay(entries, true);
    const lean = await replay(entries, false);
    if (!full.ok || !lean.ok) throw new Error('replay failed');
    expect(lean.summary).toEqual({ ...full.summary, durationMs: lean.summary.durationMs });
    const kept = [...full.state].filter(([key]) => isRuleKey(key));
    expect(new Map(lean.state)).toEqual(new Map(kept));
    // The indexes are most of the state even on this small log.
    expect(lean.state.size).toBeLessThan(full.state.size / 2);
  });

  it('refuses the same entry for the same reason when a log is forged', async () => {
    const seqOf = (name: string) => s.seq[name]!;
    // Each forgery with the rule that must catch it (a replay that only checked the hash chain would not).
    const forgeries: Record<string, (list: Entry[]) => Entry[]> = {
      // Receive before the transfer it settles, every signature intact and the chain re-linked.
      'receive moved before its transfer': (l) => {
        const [receive] = l.splice(seqOf('receive S1a'), 1);
        l.splice(seqOf('split S1a'), 0, receive!);
        return rechain(l);
      },
      // The same receive twice: the second finds nothing in transit.
      'a receive replayed': (l) => rechain([...l.slice(0, seqOf('receive S1a') + 1), l[seqOf('receive S1a')]!, ...l.slice(seqOf('receive S1a') + 1)]),
      // An export with the transform that made its batch left out.
      'a transform removed': (l) => rechain(l.filter((_, seq) => seq !== seqOf('melt ROD'))),
      // An entry signed with the recycler's new key moved before the rotation that added it.
      'signed with a key not yet added': (l) => {
        const [register] = l.splice(seqOf('register S1'), 1);
        l.splice(seqOf('rotate recycler'), 0, register!);
        return rechain(l);
      },
      'an altered mass': (l) => ((l[seqOf('melt OTHER')]!.event as unknown as { outputs: Array<{ massG: number }> }).outputs[0]!.massG += 1, l),
    };
    const causes: Record<string, string> = {
      'receive moved before its transfer': 'unknown_batch',
      'a receive replayed': 'batch_not_in_transit',
      'a transform removed': 'unknown_batch',
      'signed with a key not yet added': 'unknown_signing_key',
      'an altered mass': 'bad_signature',
    };
    for (const [name, forge] of Object.entries(forgeries)) {
      const list = forge(structuredClone(entries));
      const full = await replay(list, true);
      const lean = await replay(list, false);
      expect(full.ok ? undefined : full.failure, name).toMatchObject({ code: 'replay_invalid_entry', cause: causes[name] });
      expect(lean.ok ? undefined : lean.failure, name).toEqual(full.ok ? undefined : full.failure);
    }
  });
});
