import type { Envelope, SignedEvent } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { fromBase64Url, prefixedUtf8, toBase64Url, utf8Encode } from '../encoding/bytes.js';
import { canonicalize } from '../encoding/jcs.js';
import { deepFreeze } from '../encoding/deep-freeze.js';
import { keyIdOf, publicKeyOf } from '../crypto/keys.js';
import { nobleVerify, signBytes, type VerifyFn } from '../crypto/signature.js';

/**
 * Domain separation for event signatures (SPEC section 2): a signature over an event can never be
 * replayed as a signature over a checkpoint or an HTTP request, which sign other byte layouts.
 */
export const EVENT_SIGNING_PREFIX = 'tally/event/v1\n';

const PREFIX_BYTES = utf8Encode(EVENT_SIGNING_PREFIX);

/**
 * JCS text of events that {@link sealEvent} deep-froze. An event is canonicalised once on the
 * server's hot path (signature check, leaf bytes, idempotency digest) instead of four times; the
 * cache is only ever consulted for frozen events, which cannot change under it.
 */
const sealedJcs = new WeakMap<object, string>();
/** Signing bytes of sealed events: the server checks a signature twice (ahead on the thread pool, then when applying). */
const sealedSigningBytes = new WeakMap<object, Uint8Array>();

/**
 * Deep-freezes a parsed event and remembers its JCS, so later canonicalisations of it are free.
 * Returns the same object.
 * @throws TallyError `non_canonical_value` if the event cannot be canonicalised.
 */
export function sealEvent<E extends SignedEvent>(event: E): E {
  const text = canonicalize(event);
  deepFreeze(event);
  sealedJcs.set(event, text);
  return event;
}

/**
 * Seals the event of every entry of a page read from a log (see {@link sealEvent}): the leaf, the
 * signed bytes and the idempotency digest then share one canonicalisation, and a signature
 * checked ahead is recognised when the rules ask (a verdict is kept by its signing bytes'
 * identity). An event that cannot be sealed is left as it is: the rules refuse it when applied.
 */
export function sealEntries(page: ReadonlyArray<{ event: unknown }>): void {
  for (const entry of page) {
    try {
      if (entry !== null && typeof entry === 'object' && entry.event !== null && typeof entry.event === 'object') sealEvent(entry.event as SignedEvent);
    } catch {
      // judged when applied
    }
  }
}

/** True for an event {@link sealEvent} sealed: deep-frozen, its JCS known. */
export function isSealedEvent(event: unknown): boolean {
  return typeof event === 'object' && event !== null && sealedJcs.has(event);
}

/**
 * JCS text of an event (memoised for sealed events).
 * @throws TallyError `non_canonical_value` if the event cannot be canonicalised.
 */
export function eventJcs(event: SignedEvent): string {
  return sealedJcs.get(event) ?? canonicalize(event);
}

/**
 * The exact bytes an event's signature covers: `"tally/event/v1\n" || JCS(event)`. For a sealed
 * event the same array is returned each time: callers must not change it.
 * @throws TallyError `non_canonical_value` if the event cannot be canonicalised.
 */
export function eventSigningBytes(event: SignedEvent): Uint8Array {
  const known = sealedSigningBytes.get(event);
  if (known !== undefined) return known;
  const bytes = prefixedUtf8(PREFIX_BYTES, eventJcs(event));
  if (sealedJcs.has(event)) sealedSigningBytes.set(event, bytes);
  return bytes;
}


/**
 * Signs `event` with a 32-byte secret-key seed; `keyId` is derived from its public key.
 * @throws TallyError `non_canonical_value` if the event cannot be canonicalised.
 * @example const envelope = signEvent(event, secretKey); // { event, keyId, sig }
 */
export function signEvent<E extends SignedEvent>(event: E, secretKey: Uint8Array): Envelope<E> {
  const sig = signBytes(eventSigningBytes(event), secretKey);
  return { event, keyId: keyIdOf(publicKeyOf(secretKey)), sig: toBase64Url(sig) };
}

/**
 * Checks that `envelope` is signed by `publicKey`: its `keyId` names that key and its `sig` (64
 * bytes, base64url) verifies over {@link eventSigningBytes}. Whether the key may sign for the
 * actor at this log position is the custody model's business, not this function's.
 * Requires `publicKey` to be a registered (hence registrable) key.
 * @throws TallyError `bad_signature` if the key id differs, the signature is malformed or it does
 *   not verify; `non_canonical_value` if the event cannot be canonicalised.
 */
export function verifyEnvelope(envelope: Envelope, publicKey: Uint8Array, verify: VerifyFn = nobleVerify): void {
  if (envelope.keyId !== keyIdOf(publicKey)) {
    throw new TallyError('bad_signature', 'keyId does not name the given public key', ['keyId']);
  }
  verifyEventSignature(envelope, publicKey, verify);
}

/**
 * The signature half of {@link verifyEnvelope}, for a caller that chose `publicKey` by the
 * envelope's `keyId` from ids it derived from those very key bytes (the custody rules pick it from
 * the participant's keys, whose ids they computed at registration): the key id is then known to
 * match, and hashing the key again would cost a SHA-256 per entry.
 * @throws TallyError `bad_signature` if the signature is malformed or does not verify.
 */
export function verifyEventSignature(envelope: Envelope, publicKey: Uint8Array, verify: VerifyFn = nobleVerify): void {
  let sig: Uint8Array;
  try {
    sig = fromBase64Url(envelope.sig);
  } catch {
    throw new TallyError('bad_signature', 'signature is not valid base64url', ['sig']);
  }
  if (sig.length !== 64) throw new TallyError('bad_signature', 'signature must be 64 bytes', ['sig']);
  if (!verify(sig, eventSigningBytes(envelope.event), publicKey)) {
    throw new TallyError('bad_signature', 'signature does not verify', ['sig']);
  }
}
