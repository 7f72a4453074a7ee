import type { Entry } from '../../schemas/entry.js';
import { eventSchemaUnion, type BatchTransformEvent, type TallyEvent } from '../../schemas/events.js';
import type { BatchState } from '../../schemas/state.js';
import type { ErrorCode } from '../../schemas/errors/index.js';
import { TallyError, isTallyError } from '../errors.js';
import type { VerifyFn } from '../crypto/signature.js';
import type { SubgroupCheck } from '../crypto/keys.js';
import { applyEntry } from '../custody/apply.js';
import { stateKeys } from '../custody/keys.js';
import { normalize, scale } from '../custody/composition.js';
import { OTHER_MATERIAL } from '../../schemas/materials.js';
import type { Part } from '../../schemas/primitives.js';
import { FrozenStateTx, type StateTx } from '../custody/state-tx.js';
import { canonicalize } from '../encoding/jcs.js';

/**
 * Replaying an audit bundle: the custody rules (applyEntry) run over the bundle's entries in seq
 * order, so every signature is checked against the keys the replayed directory gives at that
 * position and every rule as the server applied it.
 *
 * A bundle holds the lineage, not the log, and the lineage is closed upwards: a batch's state
 * depends only on entries of the batch and its ancestors (and on participants, which the bundle
 * carries). One kind of lineage entry reaches outside it: a transform that consumes an ancestor
 * *after* the lineage branched off it, together with batches that are no ancestor (a scrap pile
 * that fed our rod and, later, someone else's). Its effect on the ancestor depends on the
 * ancestor alone, so the outside inputs are given stand-in states that pass the rules. This is
 * sound because a stand-in can never reach the lineage: an output made from it would have it as
 * an ancestor, hence in the lineage, hence not stood in for.
 */

/** A parent -> child link between batches made by an event (splits and transforms). */
interface Link {
  parent: string;
  child: string;
}

function linksOf(event: TallyEvent): Link[] {
  switch (event.type) {
    case 'batch.transfer':
    case 'batch.export':
      return event.split ? [{ parent: event.batch, child: event.split.id }] : [];
    case 'batch.transform':
      return event.inputs.flatMap((input) => event.outputs.map((output) => ({ parent: input.batch, child: output.id })));
    default:
      return [];
  }
}

/** The events of `entries` that parse; the others are left for applyEntry to refuse with a path. */
function parsedEvents(entries: readonly Entry[]): TallyEvent[] {
  return entries.flatMap((entry) => {
    const parsed = eventSchemaUnion.safeParse(entry.event);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * `target` and the ids of all its ancestors, from the links the entries make.
 * Requires nothing of the entries: links of entries that later fail to apply only widen the set,
 * and the replay refuses those entries anyway.
 */
export function lineageBatchIds(entries: readonly Entry[], target: string): Set<string> {
  const parents = new Map<string, string[]>();
  for (const event of parsedEvents(entries)) {
    for (const { parent, child } of linksOf(event)) {
      // Appended in place: a consolidation of thousands of inputs copied its list once per input.
      const known = parents.get(child);
      if (known) known.push(parent);
      else parents.set(child, [parent]);
    }
  }
  const ids = new Set([target]);
  const queue = [target];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const parent of parents.get(next) ?? []) {
      if (!ids.has(parent)) {
        ids.add(parent);
        queue.push(parent);
      }
    }
  }
  return ids;
}

/** Country code ISO 3166 leaves unassigned for user use: marks the made-up origin of a stand-in. */
const STAND_IN_COUNTRY = 'ZZ';

/**
 * What the outputs of `transform` need beyond `inside` (what its lineage inputs give): per part for
 * allocation, per constituent otherwise (SPEC 4.1), `other` left out since it may be created.
 */
function shortfall(transform: BatchTransformEvent, inside: readonly Part[]): Part[] {
  const need = new Map<string, Part>();
  for (const output of transform.outputs) {
    const wanted: Part[] = output.allocation
      ? output.allocation.map((part) => ({ material: part.material ?? output.material, kind: part.kind, country: part.country, massG: part.massG }))
      : (output.constituents ?? [{ material: output.material, massG: output.massG }]).map((c) => ({ ...c, kind: 'primary' as const, country: STAND_IN_COUNTRY }));
    for (const part of wanted) {
      if (part.material === OTHER_MATERIAL) continue;
      const key = output.allocation ? `${part.material}/${part.kind}/${part.country}` : part.material;
      const seen = need.get(key);
      need.set(key, seen ? { ...seen, massG: seen.massG + part.massG } : { ...part });
    }
  }
  const allocating = transform.outputs[0]?.allocation !== undefined;
  const have = (part: Part) =>
    inside.filter((p) => p.material === part.material && (!allocating || (p.kind === part.kind && p.country === part.country))).reduce((sum, p) => sum + p.massG, 0);
  return [...need.values()].map((part) => ({ ...part, massG: Math.max(0, part.massG - have(part)) })).filter((part) => part.massG > 0);
}

/**
 * Stand-in states for the inputs of a transform that lie outside the lineage, when at least one
 * input lies inside it: active, held by the actor at the transform's site, exactly as heavy as the
 * transform takes. Their compositions hold what the outputs need beyond what the lineage inputs
 * give (a valid transform's outside inputs held at least that much), and `other` for the rest, so
 * the rules pass exactly when they passed on the server; a stand-in's grams reach only outputs
 * outside the lineage.
 */
function standIns(event: TallyEvent, lineage: ReadonlySet<string>, seq: number, read: (key: string) => unknown): Map<string, BatchState> {
  const out = new Map<string, BatchState>();
  if (event.type !== 'batch.transform') return out;
  const transform: BatchTransformEvent = event;
  if (!transform.inputs.some((input) => lineage.has(input.batch))) return out;
  const inside = transform.inputs.flatMap((input) => {
    const batch = lineage.has(input.batch) ? (read(stateKeys.batch(input.batch)) as BatchState | undefined) : undefined;
    return batch && input.massG <= batch.massG ? scale(batch.composition, input.massG) : [];
  });
  const missing = shortfall(transform, inside);
  for (const input of transform.inputs) {
    if (lineage.has(input.batch)) continue;
    const parts: Part[] = [];
    let room = input.massG;
    for (const part of missing) {
      const grams = Math.min(room, part.massG);
      if (grams === 0) continue;
      parts.push({ ...part, massG: grams });
      part.massG -= grams;
      room -= grams;
    }
    if (room > 0) parts.push({ material: OTHER_MATERIAL, kind: 'primary', country: STAND_IN_COUNTRY, massG: room });
    out.set(stateKeys.batch(input.batch), {
      id: input.batch,
      material: transform.outputs[0]!.material,
      form: 'unknown',
      massG: input.massG,
      status: 'active',
      custodian: transform.actor,
      site: transform.site,
      composition: normalize(parts),
      custodyCountries: [],
      mixed: false,
      allocated: false,
      processed: true,
      everExported: false,
      createdSeq: seq,
    });
  }
  return out;
}

/** A transaction that answers for stand-ins when the replayed state has no such batch. */
class StandInTx implements StateTx {
  constructor(
    private readonly inner: StateTx,
    private readonly standIns: ReadonlyMap<string, BatchState>,
  ) {}

  get(key: string): unknown | undefined {
    const value = this.inner.get(key);
    if (value !== undefined) return value;
    const standIn = this.standIns.get(key);
    return standIn && structuredClone(standIn);
  }

  put(key: string, value: unknown): void {
    this.inner.put(key, value);
  }
}

const SIGNATURE_CODES: ReadonlySet<string> = new Set(['bad_signature', 'unknown_signing_key', 'signing_key_revoked']);
/** Codes by which the rules say "no such thing": in a proven entry, that means the bundle left it out. */
const MISSING_CODES: ReadonlySet<string> = new Set(['unknown_actor', 'unknown_participant', 'unknown_batch', 'genesis_out_of_place']);

function verdictCode(cause: string): ErrorCode {
  if (SIGNATURE_CODES.has(cause)) return 'bundle_invalid_signature';
  if (MISSING_CODES.has(cause)) return 'bundle_incomplete';
  return 'bundle_invalid_event';
}

/**
 * Applies `items` (sorted by seq, each proven included) to a fresh state and returns it; keys
 * registered are checked for torsion with `subgroupCheck` (noble's when not given).
 * Requires the inclusion proofs and `prev` links to have been checked already: this judges what
 * the entries say, not whether they are in the log.
 * @throws TallyError `bundle_invalid_signature`, `bundle_incomplete` or `bundle_invalid_event`
 *   naming the first entry the rules refuse, with the rule's own code in the message and the
 *   path `['entries', index, 'entry', ...]` of the offending field.
 */
export function replayBundleEntries(items: ReadonlyArray<{ entry: Entry }>, target: string, verify: VerifyFn, subgroupCheck?: SubgroupCheck): Map<string, string> {
  const entries = items.map((item) => item.entry);
  const lineage = lineageBatchIds(entries, target);
  // Frozen values shared between entries, as the server applies them, rather than JSON text
  // parsed at every read and canonicalised at every write: for a deep batch's ten thousand
  // entries those took about a fifth of the replay. The state is written as JCS once, at the end.
  const state = new Map<string, unknown>();
  const options = { subgroupCheck };
  items.forEach(({ entry }, index) => {
    const parsed = eventSchemaUnion.safeParse(entry.event);
    const tx = new FrozenStateTx(state);
    try {
      applyEntry(entry, parsed.success ? new StandInTx(tx, standIns(parsed.data, lineage, entry.seq, (key) => tx.get(key))) : tx, verify, options);
    } catch (err) {
      const cause = isTallyError(err) ? err.code : 'internal';
      const message = err instanceof Error ? err.message : String(err);
      const path = isTallyError(err) && err.path ? err.path : [];
      throw new TallyError(verdictCode(cause), `entry ${entry.seq} (${String(entry.event?.type)}): ${cause}: ${message}`, ['entries', index, 'entry', ...path]);
    }
    tx.commit();
  });
  return canonicalState(state);
}

/**
 * The replayed state as JCS text by key, so that two replays compare byte for byte.
 * @throws TallyError `bundle_invalid_event` if the rules left a value JSON cannot say exactly.
 */
function canonicalState(state: ReadonlyMap<string, unknown>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, value] of state) {
    try {
      texts.set(key, canonicalize(value));
    } catch (err) {
      throw new TallyError('bundle_invalid_event', `the replayed state of ${key} is not canonical JSON: ${(err as Error).message}`, ['entries']);
    }
  }
  return texts;
}
