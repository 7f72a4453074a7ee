import type { AuditBundle } from '../../schemas/bundle.js';
import type { Entry } from '../../schemas/entry.js';
import { buildBundle } from '../../ledger/bundle/build.js';
import { separateProofs } from '../../ledger/merkle/proof-set.js';
import { participantEntrySeqs } from '../../ledger/bundle/participants.js';
import { lastSegment, seqFromKey, stateKeys } from '../../ledger/custody/keys.js';
import { getBatchView } from '../../ledger/custody/queries/index.js';
import type { StateSource } from '../../ledger/custody/state-tx.js';
import type { Ledger } from '../../ledger/store/ledger.js';

/**
 * The lineage reads as they were before the materialised lineage (the baseline of
 * bench/deep-lineage.ts), over the `iu/` edges and `ib/` entries the store still writes: one
 * prefix scan per ancestor for its parents and one for its entries, every entry of every
 * ancestor (no cut-off), participant entries from the whole `ip/` index of each signer, and each
 * entry and its inclusion proof read on its own.
 */

export async function legacyAncestors(source: StateSource, id: string): Promise<string[]> {
  const seen = new Set([id]);
  const queue = [id];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for await (const [key] of source.scan(stateKeys.parentsPrefix(next))) {
      const parent = lastSegment(key);
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  return [...seen];
}

export async function legacyLineageSeqs(source: StateSource, id: string): Promise<number[]> {
  const seqs = new Set<number>();
  for (const batch of await legacyAncestors(source, id)) for await (const [key] of source.scan(stateKeys.batchEntriesPrefix(batch))) seqs.add(seqFromKey(key));
  return [...seqs].sort((a, b) => a - b);
}

export async function legacyBundle(ledger: Ledger, id: string): Promise<AuditBundle | undefined> {
  const checkpoint = { text: ledger.checkpoint, size: ledger.size };
  const batch = await getBatchView(ledger.state, id);
  if (batch === undefined) return undefined;
  const lineage = await legacyLineageSeqs(ledger.state, id);
  const entry = async (seq: number): Promise<Entry> => (await ledger.entry(seq))!;
  const lineageEntries = await Promise.all(lineage.map(entry));
  const participantEntries = await participantEntrySeqs(
    lineageEntries,
    {
      participantEntrySeqs: async (participant) => {
        const seqs: number[] = [];
        for await (const [key, type] of ledger.state.scan(stateKeys.participantEntriesPrefix(participant))) {
          if (typeof type === 'string' && type.startsWith('participant.')) seqs.push(seqFromKey(key));
        }
        return seqs;
      },
      entries: (seqs) => Promise.all(seqs.map(entry)),
    },
    checkpoint.size,
  );
  return buildBundle({
    origin: ledger.info.origin,
    logKey: ledger.info.logKey,
    checkpoint,
    batch,
    lineage,
    participantEntries,
    entries: (seqs) => Promise.all(seqs.map(entry)),
    inclusionProofs: async (seqs, size) => separateProofs(await Promise.all(seqs.map(async (seq) => (await ledger.inclusionProof(seq, size)).proof))),
  });
}
