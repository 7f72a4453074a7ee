import { performance } from 'node:perf_hooks';
import type { Entry } from '../../schemas/entry.js';
import type { ClaimsRequest } from '../../schemas/state.js';
import { fromHex } from '../../ledger/encoding/bytes.js';
import { verifyConsistency, verifyInclusion } from '../../ledger/merkle/verify.js';
import { getProvenance, verifyClaims } from '../../ledger/custody/queries/index.js';
import type { Ledger } from '../../ledger/store/ledger.js';
import type { VerifyPool } from '../../sdk/node/verify-pool.js';
import { replayLog } from '../../sdk/replay.js';
import { applyEntry } from '../../ledger/custody/apply.js';
import { MemoryStateTx } from '../../ledger/custody/state-tx.js';
import { leafHash } from '../../ledger/crypto/hash.js';
import { entryLeafBytes } from '../../ledger/log/entry.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { nodeHashes } from '../../sdk/node-hashes.js';
import { nodeSubgroupCheck } from '../../sdk/node-subgroup.js';
import { Prng } from '../../examples/generator/index.js';
import { median, quantile } from '../report.js';
import { signatureChecks } from '../signature-checks.js';

/** Timings of the read side of a filled ledger, in process: proofs, claims, provenance, replay. */

export interface Timing {
  medianMs: number;
  p99Ms: number;
  samples: number;
}

async function timeEach(count: number, fn: (i: number) => Promise<unknown>): Promise<Timing> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  return { medianMs: median(ms), p99Ms: quantile(ms, 0.99), samples: count };
}

/** Inclusion proofs of random entries in the whole tree; a sample of them is verified against the root. */
export async function inclusionProofs(ledger: Ledger, count: number): Promise<Timing> {
  const rng = new Prng('bench/inclusion');
  const size = ledger.size;
  const seqs = Array.from({ length: count }, () => rng.int(0, size - 1));
  const timing = await timeEach(count, (i) => ledger.inclusionProof(seqs[i]!, size));
  for (const seq of seqs.slice(0, 20)) {
    const p = await ledger.inclusionProof(seq, size);
    verifyInclusion(fromHex(p.leafHash), seq, size, p.proof.map(fromHex), fromHex(ledger.rootHash));
  }
  return timing;
}

/** Consistency proofs from random earlier sizes to the whole tree. */
export async function consistencyProofs(ledger: Ledger, count: number): Promise<Timing> {
  const rng = new Prng('bench/consistency');
  const size = ledger.size;
  const froms = Array.from({ length: count }, () => rng.int(1, size - 1));
  const timing = await timeEach(count, (i) => ledger.consistencyProof(froms[i]!, size));
  // Checking one needs the old root: that of a one-entry tree is the genesis leaf hash.
  const one = await ledger.consistencyProof(1, size);
  const genesis = await ledger.inclusionProof(0, 1);
  verifyConsistency(1, size, one.proof.map(fromHex), fromHex(genesis.leafHash), fromHex(ledger.rootHash));
  return timing;
}

export async function claims(ledger: Ledger, batch: string, count: number): Promise<Timing> {
  const request: ClaimsRequest = {
    batch,
    claims: [
      { kind: 'recycled', atLeast: 0.9 },
      { kind: 'post-consumer', atLeast: 0.5 },
      { kind: 'pre-consumer', atLeast: 0.1 },
      { kind: 'home-origin', atLeast: 1 },
      { kind: 'home-recycled', atLeast: 0.9 },
      { kind: 'home-processed' },
      { kind: 'not-exported' },
    ],
  };
  const first = await verifyClaims(ledger.state, request);
  if (!first || !first.results.every((r) => r.holds)) throw new Error(`claims on ${batch} do not hold: ${JSON.stringify(first)}`);
  return timeEach(count, () => verifyClaims(ledger.state, request));
}

export async function provenance(ledger: Ledger, batch: string, count: number): Promise<Timing & { lineage: number }> {
  const first = await getProvenance(ledger.state, batch);
  if (!first) throw new Error(`no batch ${batch}`);
  return { ...(await timeEach(count, () => getProvenance(ledger.state, batch))), lineage: first.lineage.length };
}

export interface ReplayFigures {
  entries: number;
  seconds: number;
  perSecond: number;
  batches: number;
  heapMB: number;
  /** Keys of the replayed state. */
  stateKeys: number;
  /** Heap in use after a full collection, the state still held (only with --expose-gc). */
  liveHeapBytes?: number;
}

/**
 * Full replay with sdk/replay.ts, entries read straight from the store. With `pool`, as
 * `tally replay` does it: the pool's worker threads check signatures from the far end of the pages
 * fetched and the applying thread those it reaches first (sdk/signatures-ahead.ts). Without it,
 * every signature is checked on the applying thread. Without the query indexes, as `tally replay`
 * keeps none, unless `indexes` (the SDK's default, the state as the server keeps it). Keys are
 * checked with OpenSSL, as `tally replay` checks them.
 */
export async function replay(ledger: Ledger, pool?: VerifyPool, indexes = false): Promise<ReplayFigures> {
  const result = await replayLog({
    fetchEntries: (from, limit) => ledger.entries(from, limit),
    logKey: ledger.info.logKey,
    checkpoint: ledger.checkpoint,
    verify: nodeVerify,
    hashes: nodeHashes,
    subgroupCheck: nodeSubgroupCheck,
    indexes,
    ...(pool ? { verifyAhead: pool.verifyBatch } : {}),
  });
  if (!result.ok) throw new Error(`replay failed: ${JSON.stringify(result.failure)}`);
  // The replayed state is still referenced (result), so this is the heap a replay holds; with
  // node's --expose-gc, after a full collection, what it keeps live.
  const heapMB = Math.round(process.memoryUsage().heapUsed / 1e6);
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const liveHeapBytes = collect ? process.memoryUsage().heapUsed : undefined;
  const { size, durationMs, batches } = result.summary;
  return { entries: size, seconds: durationMs / 1000, perSecond: size / (durationMs / 1000), batches, heapMB, stateKeys: result.state.size, ...(liveHeapBytes !== undefined ? { liveHeapBytes } : {}) };
}

/**
 * Where a replay's time goes, per entry, over the first `count` entries: reading and parsing
 * them, hashing the leaves, applying the custody rules with signature checks switched off, and
 * the signature checks alone. The sum is what one core spends per entry.
 */
export async function replayBreakdown(ledger: Ledger, count: number): Promise<Record<string, number>> {
  const n = Math.min(count, ledger.size);
  let t = performance.now();
  const entries: Entry[] = [];
  for (let from = 0; from < n; from += 1000) entries.push(...(await ledger.entries(from, Math.min(1000, n - from))));
  const readUs = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (const entry of entries) leafHash(entryLeafBytes(entry));
  const leafUs = ((performance.now() - t) * 1000) / n;
  const state = new Map<string, string>();
  t = performance.now();
  for (const entry of entries) {
    const tx = new MemoryStateTx(state);
    applyEntry(entry, tx, () => true);
    tx.commit();
  }
  const applyUs = ((performance.now() - t) * 1000) / n;
  const checks = signatureChecks(entries);
  t = performance.now();
  for (const [sig, msg, pub] of checks) if (!nodeVerify(sig, msg, pub)) throw new Error('a signature failed');
  const verifyUs = ((performance.now() - t) * 1000) / checks.length;
  const round = (x: number) => +x.toFixed(1);
  return {
    entries: n,
    readAndParseUs: round(readUs),
    leafJcsAndSha256Us: round(leafUs),
    applyWithoutSignatureUs: round(applyUs),
    ed25519VerifyUs: round(verifyUs),
    totalUs: round(readUs + leafUs + applyUs + verifyUs),
  };
}
