import { expect } from 'vitest';
import type { Entry } from '../../schemas/entry.js';
import type { ErrorCode } from '../../schemas/errors/index.js';
import type { Role } from '../../schemas/primitives.js';
import type { BatchState, ClaimsRequest, ParticipantState } from '../../schemas/state.js';
import { isTallyError } from '../../ledger/errors.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { generateKeyPair, keyIdOf, type KeyPair } from '../../ledger/crypto/keys.js';
import { nobleVerify, type VerifyFn } from '../../ledger/crypto/signature.js';
import { verifierKeyString } from '../../ledger/log/checkpoint.js';
import { entryHash, GENESIS_PREV, makeEntry } from '../../ledger/log/entry.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import { applyEntry } from '../../ledger/custody/apply.js';
import { keysTouched } from '../../ledger/custody/touched-keys.js';
import { visibilityReads } from '../../ledger/custody/visibility-reads.js';
import { MemoryStateSource, MemoryStateTx } from '../../ledger/custody/state-tx.js';
import type { MassTotals } from '../../ledger/custody/aggregates.js';
import { stateKeys } from '../../ledger/custody/keys.js';
import * as queries from '../../ledger/custody/queries/index.js';
import { participantFields } from '../support/participant-fields.js';
import { numeric } from '../support/numeric.js';

/**
 * A ledger in memory for custody tests: keys generated per test run (never committed), genesis,
 * signing, entries chained with seq/prev/recordedAt and applied one atomic transaction at a time,
 * exactly as the store does. Every apply is also checked to read only the keys keysTouched
 * announced (plus agg/ and meta/), since the real store can serve nothing else.
 */

/** Grams in a tonne and a kilogram, so figures in tests read like the story. */
export const t = (tonnes: number) => Math.round(tonnes * 1_000_000);
export const kg = (kilograms: number) => Math.round(kilograms * 1_000);

export const ORIGIN = 'tally.test/custody';
export const START = Date.parse('2026-03-02T08:00:00Z');

interface SubmitOptions {
  /** `at` of the event; defaults to recordedAt. */
  at?: string;
  /** Sign with this key instead of the actor's current one. */
  key?: KeyPair;
  /** Override envelope parts (for tampering tests). */
  keyId?: string;
  ledger?: string;
  /** Extra fields to merge into the event after building it. */
  recordedAt?: string;
}

type Fields = Record<string, unknown>;

export class TestLedger {
  readonly state = new Map<string, string>();
  readonly entries: Entry[] = [];
  readonly source = new MemoryStateSource(this.state);
  readonly keys = new Map<string, KeyPair[]>();
  readonly logKey = generateKeyPair();
  private clock = START;
  private nextEventId = 1;

  readonly homeCountry: string;
  private readonly verify: VerifyFn;

  /**
   * `verify` defaults to the real Ed25519 check; property tests that generate thousands of
   * entries pass a trusting one, since they are about mass, and signatures are tested elsewhere.
   */
  constructor(options: { homeCountry?: string; verify?: VerifyFn } = {}) {
    this.homeCountry = options.homeCountry ?? 'GB';
    this.verify = options.verify ?? nobleVerify;
    const homeCountry = this.homeCountry;
    const registrarKey = generateKeyPair();
    this.keys.set('registrar', [registrarKey]);
    const event = {
      v: 1,
      ledger: ORIGIN,
      id: 'genesis',
      type: 'ledger.genesis',
      actor: 'log',
      at: this.now(),
      homeCountry,
      logKey: verifierKeyString(ORIGIN, this.logKey.publicKey),
      registrar: { id: 'registrar', name: 'Test Registrar', country: homeCountry, keys: [toBase64Url(registrarKey.publicKey)] },
    };
    this.appendSigned(event, this.logKey, {});
  }

  /** Server time of the next entry; advances one minute per entry. */
  now(): string {
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  /** The current signing key of a participant (the last one added). */
  keyOf(id: string): KeyPair {
    const keys = this.keys.get(id);
    if (!keys) throw new Error(`test has no keys for ${id}`);
    return keys[keys.length - 1]!;
  }

  /** Builds, signs and applies an event of `type` by `actor`. Returns the entry. */
  submit(actor: string, type: string, fields: Fields, options: SubmitOptions = {}): Entry {
    const event = {
      v: 1,
      ledger: options.ledger ?? ORIGIN,
      id: `ev-${this.nextEventId++}`,
      type,
      actor,
      at: options.at ?? this.now(),
      ...fields,
    };
    return this.appendSigned(event, options.key ?? this.keyOf(actor), options);
  }

  /** Signs `event`, makes the next entry and applies it atomically; throws (changing nothing) if refused. */
  appendSigned(event: Fields, key: KeyPair, options: SubmitOptions): Entry {
    const envelope = signEvent(event as never, key.secretKey);
    if (options.keyId !== undefined) envelope.keyId = options.keyId;
    const entry = makeEntry({
      seq: this.entries.length,
      prev: this.entries.length === 0 ? GENESIS_PREV : entryHash(this.entries[this.entries.length - 1]!),
      recordedAt: options.recordedAt ?? this.now(),
      envelope,
    });
    return this.appendEntry(entry);
  }

  /**
   * Appends an event that cannot even be signed (floats, lone surrogates): JCS refuses it, so the
   * entry carries a dummy signature. Used to check that apply refuses such input by schema.
   */
  appendUnsignable(event: Fields): Entry {
    const entry = {
      seq: this.entries.length,
      prev: entryHash(this.entries[this.entries.length - 1]!),
      recordedAt: this.now(),
      event: event as Entry['event'],
      keyId: '0'.repeat(16),
      sig: 'A'.repeat(86),
    };
    return this.appendEntry(entry);
  }

  /** Applies a ready-made entry atomically. */
  appendEntry(entry: Entry): Entry {
    const tx = new MemoryStateTx(this.state);
    const prefetchable = prefetchableKeys(entry, this.state);
    try {
      applyEntry(entry, tx, this.verify);
    } finally {
      assertReadsPrefetchable(entry, tx.reads, prefetchable);
    }
    tx.commit();
    this.entries.push(entry);
    this.clock += 60_000;
    return entry;
  }

  /** Registers a participant (by the registrar) with a fresh key; sites as [id, country]. */
  participant(id: string, roles: Role[], country: string, sites: Array<[string, string]> = []): Entry {
    const key = generateKeyPair();
    const entry = this.submit('registrar', 'participant.register', { participant: participantFields(id, roles, country, sites, key.publicKey) });
    this.keys.set(id, [key]);
    return entry;
  }

  /** Adds a key for a participant (signed by the participant) and makes it the current one. */
  addKey(id: string): KeyPair {
    const key = generateKeyPair();
    this.submit(id, 'participant.keys', { participant: id, add: [toBase64Url(key.publicKey)], revoke: [] });
    this.keys.get(id)!.push(key);
    return key;
  }

  register(actor: string, batch: { id: string; material: string; form: string; massG: number; site: string; grade?: string; constituents?: Array<{ material: string; massG: number }> }, origin: { kind: string; country: string }, extra: Fields = {}, options: SubmitOptions = {}): Entry {
    return this.submit(actor, 'batch.register', { batch, origin, ...extra }, options);
  }

  transfer(actor: string, batch: string, to: string, toSite: string, split?: { id: string; massG: number }, options: SubmitOptions = {}): Entry {
    return this.submit(actor, 'batch.transfer', { batch, to, toSite, ...(split ? { split } : {}) }, options);
  }

  receive(actor: string, batch: string, massG: number, options: SubmitOptions = {}): Entry {
    return this.submit(actor, 'batch.receive', { batch, massG }, options);
  }

  /** Transfer and receive in full: the common case of a delivery. */
  deliver(from: string, batch: string, to: string, toSite: string, split?: { id: string; massG: number }, options: SubmitOptions = {}): void {
    this.transfer(from, batch, to, toSite, split, options);
    const moved = split ? split.id : batch;
    this.receive(to, moved, this.batch(moved).massG, options);
  }

  transform(actor: string, site: string, process: string, inputs: Array<[string, number]>, outputs: Fields[], options: SubmitOptions = {}): Entry {
    return this.submit(actor, 'batch.transform', { process, site, inputs: inputs.map(([batch, massG]) => ({ batch, massG })), outputs }, options);
  }

  // ---- state and queries ----

  batch(id: string): BatchState {
    const text = this.state.get(stateKeys.batch(id));
    if (text === undefined) throw new Error(`no batch ${id}`);
    return JSON.parse(text) as BatchState;
  }

  participantState(id: string): ParticipantState {
    return JSON.parse(this.state.get(stateKeys.participant(id))!) as ParticipantState;
  }

  /** Conservation totals of a constituent, as numbers (each stays below 2^53 in tests). */
  massTotals(material: string): Record<keyof MassTotals, number> | null {
    const stored = JSON.parse(this.state.get(stateKeys.massTotals(material)) ?? 'null') as MassTotals | null;
    return stored && (Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, Number(v)])) as Record<keyof MassTotals, number>);
  }

  provenance(id: string) {
    return queries.getProvenance(this.source, id).then((p) => p!);
  }

  claims(request: ClaimsRequest) {
    return queries.verifyClaims(this.source, request).then((c) => c!);
  }

  /** The retention report as the API gives it: grams as strings of digits (SPEC 1). */
  retentionRaw(query: { material?: string; from?: string; to?: string } = {}) {
    return queries.retentionReport(this.source, query);
  }

  /** The retention report with its grams as numbers, so figures in tests read like the story. */
  retention(query: { material?: string; from?: string; to?: string } = {}) {
    return this.retentionRaw(query).then(numeric);
  }

  concentrationRaw(participant: string, material?: string) {
    return queries.concentrationReport(this.source, { participant, material }).then((c) => c!);
  }

  /** The concentration report with its grams as numbers. */
  concentration(participant: string, material?: string) {
    return this.concentrationRaw(participant, material).then(numeric);
  }

  snapshot(): string {
    return JSON.stringify([...this.state.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /**
   * Asserts that `attempt` is refused with `code` and changes nothing: same state, same log.
   * Returns the error for further checks (its path).
   */
  expectRefused(code: ErrorCode, attempt: () => unknown): { code: string; path: ReadonlyArray<string | number> | undefined } {
    const before = this.snapshot();
    const size = this.entries.length;
    let caught: unknown;
    try {
      attempt();
    } catch (err) {
      caught = err;
    }
    expect(caught, `expected refusal ${code}`).toBeDefined();
    if (!isTallyError(caught)) throw caught;
    expect(caught.code, caught.message).toBe(code);
    expect(this.snapshot()).toBe(before);
    expect(this.entries.length).toBe(size);
    return caught;
  }
}

export { numeric };

/**
 * What the real store loads before applying `entry`: keysTouched, then the visibility walk's rounds
 * (each computed from the state before the entry, as the store computes them).
 */
function prefetchableKeys(entry: Entry, state: ReadonlyMap<string, string>): Set<string> {
  const keys = new Set(keysTouched(entry.event));
  const read = (key: string) => {
    const text = state.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  };
  for (const round of visibilityReads(entry.event, entry.seq, read)) round.forEach((key) => keys.add(key));
  return keys;
}

/** The real store serves only prefetched keys and the resident agg/ and meta/ ones. */
function assertReadsPrefetchable(entry: Entry, reads: ReadonlySet<string>, announced: ReadonlySet<string>): void {
  const unannounced = [...reads].filter((key) => !announced.has(key) && !key.startsWith('agg/') && !key.startsWith('meta/'));
  expect(unannounced, `apply of entry ${entry.seq} read keys keysTouched did not list`).toEqual([]);
}

export { keyIdOf };
