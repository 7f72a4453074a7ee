import type { Envelope } from '../../schemas/entry.js';
import type { TallyEvent } from '../../schemas/events.js';
import type { ParticipantKeyState, ParticipantState } from '../../schemas/state.js';
import { TallyError } from '../errors.js';
import { fromBase64Url } from '../encoding/bytes.js';
import type { VerifyFn } from '../crypto/signature.js';
import { verifyEventSignature } from '../log/event-signing.js';
import { readParticipant } from './state-access.js';
import type { StateTx } from './state-tx.js';

/**
 * The key of `participant` that `keyId` names, if it may sign at this log position. State is
 * applied in log order, so "valid at this position" is "registered and not yet revoked now":
 * a key revoked at seq r signs nothing after r, and entries before r stay valid because they were
 * judged when they were applied (and are judged the same way on replay).
 * @throws TallyError `unknown_signing_key`, `signing_key_revoked`
 */
export function signingKey(participant: ParticipantState, keyId: string): ParticipantKeyState {
  const key = participant.keys.find((k) => k.keyId === keyId);
  if (!key) throw new TallyError('unknown_signing_key', `${participant.id} has no key ${keyId}`, ['keyId']);
  if (key.revokedSeq !== undefined) {
    throw new TallyError('signing_key_revoked', `key ${keyId} of ${participant.id} was revoked at entry ${key.revokedSeq}`, ['keyId']);
  }
  return key;
}

/**
 * Authenticates the signer of a non-genesis entry: the actor is registered, `keyId` names one of
 * its keys valid now, and the signature verifies over the event's signing bytes.
 * @throws TallyError `unknown_actor`, `unknown_signing_key`, `signing_key_revoked`, `bad_signature`
 */
export function authenticateActor(tx: StateTx, envelope: Envelope<TallyEvent>, verify: VerifyFn): ParticipantState {
  const actor = readParticipant(tx, envelope.event.actor);
  if (!actor) throw new TallyError('unknown_actor', `no participant ${envelope.event.actor}`, ['event', 'actor']);
  // signingKey matched envelope.keyId against ids registrableKeys derived from these key bytes.
  verifyEventSignature(envelope, keyBytes(signingKey(actor, envelope.keyId)), verify);
  return actor;
}

/**
 * Decoded key bytes per key record. Records are frozen and shared between the entries that read
 * them (FrozenStateTx, the store's overlay), so a participant's key is decoded once, not per entry.
 */
const decodedKeys = new WeakMap<ParticipantKeyState, Uint8Array>();

function keyBytes(key: ParticipantKeyState): Uint8Array {
  let bytes = decodedKeys.get(key);
  if (bytes === undefined) {
    bytes = fromBase64Url(key.publicKey);
    if (Object.isFrozen(key)) decodedKeys.set(key, bytes);
  }
  return bytes;
}
