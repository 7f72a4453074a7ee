import { auditBundleSchema, type AuditBundle } from '../../schemas/bundle.js';
import type { Entry } from '../../schemas/entry.js';
import type { BatchState, BatchView, LedgerMeta, Provenance } from '../../schemas/state.js';
import { TallyError, isTallyError } from '../../ledger/errors.js';
import { fromHex, toHex } from '../../ledger/encoding/bytes.js';
import { canonicalize } from '../../ledger/encoding/jcs.js';
import { nobleVerify, type VerifyFn } from '../../ledger/crypto/signature.js';
import type { SubgroupCheck } from '../../ledger/crypto/keys.js';
import { entryLeafBytes, GENESIS_PREV } from '../../ledger/log/entry.js';
import { nobleHashes, type LogHashes } from '../../ledger/crypto/hash.js';
import { parseCheckpoint, type Checkpoint } from '../../ledger/log/checkpoint.js';
import { verifyInclusion } from '../../ledger/merkle/verify.js';
import { BUNDLE_FORMAT } from '../../ledger/bundle/build.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import { MemoryStateSource } from '../../ledger/custody/state-tx.js';
import { getProvenance, toBatchView } from '../../ledger/custody/queries/index.js';
import { replayBundleEntries } from '../../ledger/bundle/lineage-replay.js';
import { verifiedFirst, type AsyncCheck } from '../../ledger/bundle/signatures-first.js';
import { checkPolicy, type TlogPolicy } from '../../ledger/witness/policy.js';

/**
 * Offline verification of an audit bundle (SPEC 7), knowing only the log's verifier key.
 * The checks run from the outside in, so a failure names the outermost thing that is wrong:
 * format, trusted key, checkpoint signature, entry order, inclusion proofs, `prev` links, then
 * the custody rules replayed over the entries (signatures against the replayed key directory),
 * then the claimed batch against the one the entries give.
 */

/** What a bundle cannot show, returned with every verdict so no caller mistakes its reach. */
export const BUNDLE_LIMITS: readonly string[] = [
  'A bundle proves that each entry it holds is in the log and that the batch follows from them; ' +
    'it cannot prove that no entry of the lineage was left out. A left-out entry that changed the batch ' +
    'usually breaks a later rule or the comparison, but one at the end of the lineage (an export, a retire) ' +
    'or one that changes no state (an attestation) cannot be noticed: only a full replay shows them.',
  'Keys are checked against the participant entries the bundle holds; a revocation it left out ' +
    'cannot be noticed (a full replay would).',
  'Figures are as of the checkpoint; nothing after it is covered, so `not-exported` holds only up to it.',
];

export interface VerifyBundleOptions {
  /** Ed25519 check; defaults to @noble/ed25519 (about 3 ms a signature). */
  verify?: VerifyFn;
  /**
   * A C2SP tlog-policy the bundle's (cosigned) checkpoint must meet (SPEC 5.1); a bundle whose
   * checkpoint lacks the quorum is refused with `policy_unsatisfied`, naming the missing witnesses.
   */
  policy?: TlogPolicy;
  /**
   * Decides whether each key the bundle's entries register is torsion-free (SPEC 2); defaults to
   * @noble's, about 0.8 ms a key. Node callers pass `nodeSubgroupCheck` (`@tally-ledger/sdk/node`).
   */
  subgroupCheck?: SubgroupCheck;
  /**
   * Checks the entries' signatures off this thread before the replay (`nodeVerifyOnPool` from
   * `@tally-ledger/sdk/node`: every core at once); the replay still judges each signature against
   * the key the rules pick, taking a verdict only for the identical check (signatures-first.ts).
   */
  checkAhead?: AsyncCheck;
  /**
   * The log's hashes for the entries' leaf hashes and their inclusion proofs; @noble/hashes unless
   * given, and @noble's interior hash when only `leafHash` is. Node callers pass `nodeHashes`
   * (`@tally-ledger/sdk/node`): the same SHA-256, about three times cheaper; the deep batch's bundle
   * (10,019 entries, 140,263 proof hashes) verified in 1,327 against 1,615 ms with them (scratch,
   * eight alternating runs, stop 36).
   */
  hashes?: Pick<LogHashes, 'leafHash'> & Partial<Pick<LogHashes, 'nodeHash'>>;
}

/** A bundle that verified, with what it proves. */
export interface VerifiedBundle {
  ok: true;
  /** The checkpoint every entry is proven against. */
  checkpoint: Checkpoint;
  homeCountry: string;
  /** The batch as the lineage entries give it (equal to the bundle's claim). */
  batch: BatchView;
  /** SPEC 4 figures, shares, model, and the lineage seqs as the bundle's entries give them. */
  provenance: Provenance;
  /** Seqs of every entry verified. */
  seqs: number[];
  /** The custody state replayed from the bundle (canonical JSON by state key); see bundleClaims. */
  state: ReadonlyMap<string, string>;
  limits: readonly string[];
}

function fail(code: 'bundle_invalid_entry' | 'bundle_invalid_inclusion' | 'bundle_invalid_prev', message: string, path: Array<string | number>): TallyError {
  return new TallyError(code, message, path);
}

function parseBundle(json: unknown): AuditBundle {
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== BUNDLE_FORMAT) throw new TallyError('bundle_invalid_format', `format must be ${BUNDLE_FORMAT}, not ${JSON.stringify(format)}`, ['format']);
  const result = auditBundleSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    throw new TallyError('bundle_invalid_format', `${path.join('.')}: ${issue.message}`, path);
  }
  return result.data;
}

function verifyBundleCheckpoint(bundle: AuditBundle, trustedLogKey: string, verify: VerifyFn): Checkpoint {
  if (bundle.logKey !== trustedLogKey) {
    throw new TallyError('bundle_untrusted_log_key', `the bundle names log key ${bundle.logKey}, the trusted key is ${trustedLogKey}`, ['logKey']);
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(bundle.checkpoint, trustedLogKey, verify);
  } catch (err) {
    if (!isTallyError(err) || err.code !== 'invalid_checkpoint') throw err;
    throw new TallyError('bundle_invalid_checkpoint', `checkpoint: ${err.message}`, ['checkpoint']);
  }
  if (bundle.origin !== checkpoint.origin) {
    throw new TallyError('bundle_invalid_checkpoint', `the bundle names origin ${bundle.origin}, its checkpoint ${checkpoint.origin}`, ['origin']);
  }
  return checkpoint;
}

/** Seqs strictly ascending (so no repeats), each labelled with its entry's seq, all inside the tree. */
function checkOrder(bundle: AuditBundle, size: number): void {
  bundle.entries.forEach((item, i) => {
    if (item.entry.seq !== item.seq) throw fail('bundle_invalid_entry', `entry ${item.seq} is labelled seq ${item.seq} but its entry has seq ${item.entry.seq}`, ['entries', i, 'entry', 'seq']);
    if (item.seq >= size) throw fail('bundle_invalid_entry', `entry ${item.seq} is beyond the checkpoint's size ${size}`, ['entries', i, 'seq']);
    const before = bundle.entries[i - 1];
    if (before !== undefined && before.seq >= item.seq) {
      throw fail('bundle_invalid_entry', `entry ${item.seq} follows entry ${before.seq}: entries must be in ascending seq order without repeats`, ['entries', i, 'seq']);
    }
  });
}

/** Each entry's hash; an entry that cannot be canonicalised has none and cannot be in the log. */
function hashesOf(bundle: AuditBundle, hashes: Pick<LogHashes, 'leafHash'>): string[] {
  return bundle.entries.map((item, i) => {
    try {
      return toHex(hashes.leafHash(entryLeafBytes(item.entry as Entry)));
    } catch (err) {
      throw fail('bundle_invalid_entry', `entry ${item.seq} cannot be hashed: ${err instanceof Error ? err.message : String(err)}`, ['entries', i, 'entry']);
    }
  });
}

function checkInclusion(bundle: AuditBundle, hashes: readonly string[], checkpoint: Checkpoint, nodeHash: LogHashes['nodeHash']): void {
  const root = fromHex(checkpoint.rootHash);
  bundle.entries.forEach((item, i) => {
    try {
      verifyInclusion(fromHex(hashes[i]!), item.seq, checkpoint.size, item.proof.map(fromHex), root, nodeHash);
    } catch (err) {
      if (!isTallyError(err)) throw err;
      throw fail('bundle_invalid_inclusion', `entry ${item.seq} is not proven in the log of size ${checkpoint.size}: ${err.message}`, ['entries', i, 'proof']);
    }
  });
}

function checkPrevLinks(bundle: AuditBundle, hashes: readonly string[]): void {
  bundle.entries.forEach((item, i) => {
    const before = bundle.entries[i - 1];
    const expected = item.seq === 0 ? GENESIS_PREV : before?.seq === item.seq - 1 ? hashes[i - 1] : undefined;
    if (expected !== undefined && item.entry.prev !== expected) {
      throw fail('bundle_invalid_prev', `the prev of entry ${item.seq} is not the hash of entry ${item.seq - 1}`, ['entries', i, 'entry', 'prev']);
    }
  });
}

/** Fields of the batch view in the order a reader cares about: what it is, how much, where, of what. */
const VIEW_FIELDS = ['id', 'material', 'form', 'grade', 'massG', 'status', 'custodian', 'site', 'transit', 'composition', 'custodyCountries', 'mixed', 'allocated'];

function canonicalField(view: BatchView, field: string): string | undefined {
  const value = (view as Record<string, unknown>)[field];
  return value === undefined ? undefined : canonicalize(value);
}

/** The first field of the batch view where the claim and the recomputed batch differ. */
function firstDifference(claimed: BatchView, actual: BatchView): string | undefined {
  const fields = [...new Set([...VIEW_FIELDS, ...Object.keys(actual).sort(), ...Object.keys(claimed).sort()])];
  return fields.find((field) => canonicalField(claimed, field) !== canonicalField(actual, field));
}

/**
 * Verifies an audit bundle against the trusted log key and returns what it proves.
 * Requires `trustedLogKey` to be the pinned verifier key string of the log (from configuration,
 * never from the bundle). `bundle` may be any JSON value. The bundle says which batch it is about:
 * a caller that asked for batch X must check that `result.batch.id` is X.
 * @throws TallyError, naming the entry seq and what is wrong:
 *   `bundle_invalid_format` (not a tally-bundle/v1 document; the path names the field),
 *   `bundle_untrusted_log_key`, `bundle_invalid_checkpoint`,
 *   `bundle_invalid_entry` (order, repeats, seq labels, beyond the checkpoint, unhashable),
 *   `bundle_invalid_inclusion`, `bundle_invalid_prev`,
 *   `bundle_invalid_signature`, `bundle_invalid_event`, `bundle_incomplete` (from the replay),
 *   `bundle_figures_mismatch` (the claimed batch differs from the recomputed one);
 *   `invalid_public_key` / `weak_public_key` if `trustedLogKey` itself is malformed.
 * @example const { provenance } = await verifyBundle(await res.json(), pinnedLogKey);
 */
export async function verifyBundle(bundle: unknown, trustedLogKey: string, options: VerifyBundleOptions = {}): Promise<VerifiedBundle> {
  const verify = options.verify ?? nobleVerify;
  const parsed = parseBundle(bundle);
  const checkpoint = verifyBundleCheckpoint(parsed, trustedLogKey, verify);
  if (options.policy) checkPolicy(parsed.checkpoint, options.policy, { logKey: trustedLogKey, verify });
  checkOrder(parsed, checkpoint.size);
  const hashes = hashesOf(parsed, options.hashes ?? nobleHashes);
  checkInclusion(parsed, hashes, checkpoint, options.hashes?.nodeHash ?? nobleHashes.nodeHash);
  checkPrevLinks(parsed, hashes);

  if (parsed.entries[0]?.seq !== 0) throw new TallyError('bundle_incomplete', 'the bundle lacks the genesis entry (entry 0)', ['entries']);
  const target = parsed.batch.id;
  const items = parsed.entries as Array<{ entry: Entry }>;
  const replayVerify = options.checkAhead ? await verifiedFirst(items.map((item) => item.entry), options.checkAhead, verify) : verify;
  const state = replayBundleEntries(items, target, replayVerify, options.subgroupCheck);
  const source = new MemoryStateSource(state);
  const meta = (await source.get(stateKeys.ledgerMeta)) as LedgerMeta;
  if (meta.logKey !== trustedLogKey) {
    throw new TallyError('bundle_untrusted_log_key', `genesis names log key ${meta.logKey}, the trusted key is ${trustedLogKey}`, ['entries', 0, 'entry', 'event', 'logKey']);
  }

  const replayed = (await source.get(stateKeys.batch(target))) as BatchState | undefined;
  if (replayed === undefined) throw new TallyError('bundle_incomplete', `no entry of the bundle creates batch ${target}`, ['batch', 'id']);
  const actual = toBatchView(replayed);
  const field = firstDifference(parsed.batch, actual);
  if (field !== undefined) {
    const show = (view: BatchView) => canonicalField(view, field) ?? 'nothing';
    throw new TallyError(
      'bundle_figures_mismatch',
      `batch ${target}: the bundle claims ${field} ${show(parsed.batch)}, its lineage entries give ${show(actual)}`,
      ['batch', field],
    );
  }
  return {
    ok: true,
    checkpoint,
    homeCountry: meta.homeCountry,
    batch: actual,
    provenance: (await getProvenance(source, target))!,
    seqs: parsed.entries.map((item) => item.seq),
    state,
    limits: BUNDLE_LIMITS,
  };
}
