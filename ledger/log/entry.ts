import type { Entry, Envelope, SignedEvent } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { toHex, utf8Encode } from '../encoding/bytes.js';
import { canonicalize } from '../encoding/jcs.js';
import { eventJcs } from './event-signing.js';
import { leafHash, ZERO_HASH_HEX } from '../crypto/hash.js';

/** `prev` of entry 0 (SPEC section 5): 64 zeros. */
export const GENESIS_PREV = ZERO_HASH_HEX;

const HASH_HEX = /^[0-9a-f]{64}$/;

/** What the log adds to an envelope to make entry `seq`. */
export interface EntryParts<E = SignedEvent> {
  seq: number;
  /** Hash of entry seq-1 ({@link entryHash}), or {@link GENESIS_PREV} for entry 0. */
  prev: string;
  /** Server time, RFC 3339 UTC; the caller reads the clock, not this module. */
  recordedAt: string;
  envelope: Envelope<E>;
}

/**
 * Entry `seq` of the log, with its fields in the order of SPEC section 5 (the order does not
 * change the leaf, which is JCS, but keeps logs and dumps readable).
 * Requires `seq` to be a non-negative safe integer and `prev` 64 lowercase hex digits, equal to
 * {@link GENESIS_PREV} exactly when `seq` is 0.
 * @throws TallyError `invalid_entry` otherwise.
 */
export function makeEntry<E extends SignedEvent>(parts: EntryParts<E>): Entry<E> {
  const { seq, prev, recordedAt, envelope } = parts;
  if (!Number.isSafeInteger(seq) || seq < 0) throw new TallyError('invalid_entry', 'seq must be a non-negative safe integer', ['seq']);
  if (!HASH_HEX.test(prev)) throw new TallyError('invalid_entry', 'prev must be 64 lowercase hex digits', ['prev']);
  if ((seq === 0) !== (prev === GENESIS_PREV)) {
    throw new TallyError('invalid_entry', 'prev is 64 zeros for entry 0 and only for entry 0', ['prev']);
  }
  return { seq, prev, recordedAt, event: envelope.event, keyId: envelope.keyId, sig: envelope.sig };
}

/**
 * The leaf bytes of an entry: UTF-8 JCS of exactly `{ seq, prev, recordedAt, event, keyId, sig }`.
 * Other properties the object may carry at run time are not part of the leaf.
 * @throws TallyError `non_canonical_value` if a field is missing or cannot be canonicalised.
 */
export function entryLeafBytes(entry: Entry): Uint8Array {
  return utf8Encode(entryLeafText(entry));
}

/**
 * The leaf as text: JCS of `{ seq, prev, recordedAt, event, keyId, sig }`. Assembled around the
 * event's JCS (memoised for sealed events) in JCS key order (event, keyId, prev, recordedAt, seq,
 * sig), which gives exactly the bytes canonicalize would; the tests check the two agree.
 * @throws TallyError `non_canonical_value` as {@link entryLeafBytes}.
 */
export function entryLeafText(entry: Entry): string {
  const { seq, prev, recordedAt, event, keyId, sig } = entry;
  return `{"event":${eventJcs(event)},"keyId":${canonicalize(keyId)},"prev":${canonicalize(prev)},"recordedAt":${canonicalize(recordedAt)},"seq":${canonicalize(seq)},"sig":${canonicalize(sig)}}`;
}

/**
 * The hash of an entry, as `prev` of the next one and as its Merkle leaf: hex of
 * SHA-256(0x00 || leaf bytes).
 * @throws TallyError `non_canonical_value` as {@link entryLeafBytes}.
 */
export function entryHash(entry: Entry): string {
  return toHex(leafHash(entryLeafBytes(entry)));
}
