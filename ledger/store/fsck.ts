import { isDeepStrictEqual } from 'node:util';
import type { Entry } from '../../schemas/entry.js';
import { parseEnvelope } from '../../schemas/events.js';
import { TallyError } from '../errors.js';
import { toHex } from '../encoding/bytes.js';
import type { VerifyFn } from '../crypto/signature.js';
import type { SubgroupCheck } from '../crypto/keys.js';
import { applyEntry } from '../custody/apply.js';
import { FrozenStateTx } from '../custody/state-tx.js';
import { CompactRange } from '../merkle/compact.js';
import { LargeMap } from '../collections/large-map.js';
import type { KvBackend } from './backend.js';
import { envelopeDigestOf, type EventIdRecord } from './append-pipeline.js';
import { LOG_KEYS } from './log-layout.js';
import { recomputeLog } from './recovery.js';

/** One thing fsck found wrong: a key (missing, extra or different) or an entry. */
export interface FsckProblem {
  kind: 'entry' | 'missing' | 'extra' | 'different';
  /** The store key concerned (the entry's key for `entry`). */
  key: string;
  detail: string;
}

export interface FsckReport {
  ok: boolean;
  /** Entries replayed (the log's size when it is sound). */
  entries: number;
  /** Keys compared besides the entries themselves (state, indexes, tree hashes, event ids). */
  keysCompared: number;
  /**
   * The first problems found (at most MAX_LISTED): an entry problem first, then extra and
   * different keys in key order, then missing keys in key order.
   */
  problems: FsckProblem[];
  /** How many problems there were in all. */
  problemCount: number;
  /** Log keys this version does not derive from the entries, so did not check (a later feature's). */
  unchecked: number;
}

const MAX_LISTED = 20;

/** Keys under `log/` that fsck derives from the entries; any other `log/` key is reported as unchecked. */
const DERIVED_LOG_PREFIXES = [LOG_KEYS.entryPrefix, 'log/h/', 'log/x/'];

/**
 * `tally fsck`: the full offline check of a store. Replays every stored entry from genesis
 * through the custody rules (every signature and rule) into a fresh in-memory state, while
 * recomputing the hash chain and the tree; checks the root, head and frontier against the last
 * signed checkpoint; then compares every key of the store with what the replay produced, in both
 * directions (missing, extra, different): state, indexes, aggregates, subtree hashes, event-id
 * records. The start-up check reads O(log n) keys and cannot see a state key or an old entry
 * altered behind its back; this can.
 *
 * Cost: O(n) entries and O(k) in the k derived keys, which it holds in memory (about the size of
 * the state, in a LargeMap, so past one Map's 2^24 keys; an offline tool on a copy or a stopped
 * server).
 * @param logKey verifier key string to check the checkpoint with; defaults to the one genesis names
 * @param subgroupCheck decides registered keys' torsion (noble's when not given; `tally fsck` passes OpenSSL's)
 */
export async function fsck(backend: KvBackend, options: { verify: VerifyFn; logKey?: string; subgroupCheck?: SubgroupCheck; onProgress?: (entries: number) => void }): Promise<FsckReport> {
  const report: FsckReport = { ok: true, entries: 0, keysCompared: 0, problems: [], problemCount: 0, unchecked: 0 };
  const note = (problem: FsckProblem) => {
    report.ok = false;
    report.problemCount++;
    if (report.problems.length < MAX_LISTED) report.problems.push(problem);
  };

  const genesisText = await backend.get(LOG_KEYS.entry(0));
  if (genesisText === undefined) {
    note({ kind: 'entry', key: LOG_KEYS.entry(0), detail: 'entry 0 (genesis) is missing' });
    return report;
  }
  const logKey = options.logKey ?? String((JSON.parse(genesisText) as Entry).event.logKey ?? '');

  const expected = new LargeMap<unknown>();
  const tree = new CompactRange();
  const apply = { subgroupCheck: options.subgroupCheck };
  let failedEntry: FsckProblem | undefined;
  try {
    await recomputeLog(backend, logKey, options.verify, {
      onEntry: (entry, _text, hash) => {
        const tx = new FrozenStateTx(expected);
        try {
          applyEntry(entry, tx, options.verify, apply);
        } catch (err) {
          failedEntry = { kind: 'entry', key: LOG_KEYS.entry(entry.seq), detail: `entry ${entry.seq} (${entry.event.type}) breaks the rules: [${(err as TallyError).code ?? 'error'}] ${(err as Error).message}` };
          throw err;
        }
        tx.commit();
        for (const node of tree.append(hash)) expected.set(LOG_KEYS.subtree(node.level, node.index), toHex(node.hash));
        const record: EventIdRecord = { seq: entry.seq, hash: toHex(hash), envelopeDigest: envelopeDigestOf(parseEnvelope({ event: entry.event, keyId: entry.keyId, sig: entry.sig })) };
        expected.set(LOG_KEYS.eventId(entry.event.id), record);
        report.entries = entry.seq + 1;
        if (report.entries % 10_000 === 0) options.onProgress?.(report.entries);
      },
    });
  } catch (err) {
    if (failedEntry) note(failedEntry);
    else if ((err as TallyError).code === 'store_corrupt') {
      const message = (err as Error).message;
      note({ kind: 'entry', key: /checkpoint|head/.test(message) && !message.startsWith('entry') ? LOG_KEYS.checkpoint : LOG_KEYS.entry(report.entries), detail: message });
    }
    else throw err;
    return report;
  }

  await compareKeys(backend, expected, report.entries, report, note);
  return report;
}

/**
 * Walks the store's keys in order, each checked against the replay's and then dropped from it
 * (so the memory the comparison holds shrinks as it goes); what the replay produced and the store
 * lacks is left over at the end. No sorted copy of the replay's keys is made: at eleven keys an
 * entry, one array of them for a ten-million-entry log would be over a hundred million strings.
 */
async function compareKeys(
  backend: KvBackend,
  expected: Map<string, unknown>,
  size: number,
  report: FsckReport,
  note: (problem: FsckProblem) => void,
): Promise<void> {
  for await (const [key, text] of backend.scan({ gte: '', lt: '\uffff' })) {
    if (key.startsWith(LOG_KEYS.entryPrefix)) {
      if (key >= LOG_KEYS.entry(size)) note({ kind: 'extra', key, detail: `an entry past the log's size ${size}` });
      continue;
    }
    if (key === LOG_KEYS.head || key === LOG_KEYS.checkpoint) continue;
    if (key.startsWith('log/') && !DERIVED_LOG_PREFIXES.some((prefix) => key.startsWith(prefix))) {
      report.unchecked++;
      continue;
    }
    report.keysCompared++;
    const value = expected.get(key);
    if (!expected.delete(key)) {
      note({ kind: 'extra', key, detail: 'the store holds this key; the replay does not produce it' });
      continue;
    }
    if (!sameValue(text, value)) note({ kind: 'different', key, detail: `stored ${clip(text)}, the replay gives ${clip(JSON.stringify(value))}` });
  }
  // Normally none are left; sorted so the report lists them in key order, as a scan would.
  for (const key of [...expected.keys()].sort()) note({ kind: 'missing', key, detail: 'the replay produces this key; the store lacks it' });
}

function sameValue(stored: string, value: unknown): boolean {
  if (typeof value === 'string' && stored === value) return true; // raw text (hashes)
  const text = JSON.stringify(value);
  if (stored === text) return true;
  try {
    return isDeepStrictEqual(JSON.parse(stored), JSON.parse(text));
  } catch {
    return false;
  }
}

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
