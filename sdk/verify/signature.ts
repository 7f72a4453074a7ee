import type { Entry } from '../../schemas/entry.js';
import type { ParticipantState } from '../../schemas/state.js';
import { TallyError } from '../../ledger/errors.js';
import { parsePublicKey } from '../../ledger/crypto/keys.js';
import { nobleVerify, type VerifyFn } from '../../ledger/crypto/signature.js';
import { verifyEnvelope } from '../../ledger/log/event-signing.js';

/**
 * Checks that an entry's (or envelope's) event is signed by `publicKey` (base64url, as in events
 * and the directory): `keyId` names that key and the signature verifies over
 * `"tally/event/v1\n" || JCS(event)` (SPEC 2). Whether that key may sign for the actor is
 * {@link verifyEntrySigner}'s question.
 * @throws TallyError `invalid_public_key` / `weak_public_key` for a key that could never be
 *   registered; `bad_signature` when keyId names another key or the signature does not verify.
 * @example verifyEventSignature(entry, participant.keys[0].publicKey)
 */
export function verifyEventSignature(entry: Pick<Entry, 'event' | 'keyId' | 'sig'>, publicKey: string, verify: VerifyFn = nobleVerify): void {
  verifyEnvelope({ event: entry.event, keyId: entry.keyId, sig: entry.sig }, parsePublicKey(publicKey), verify);
}

/**
 * Checks an entry against its actor's record in the public directory (`GET /v1/participants/{id}`):
 * the actor is that participant, `keyId` names one of its keys valid at the entry's position (added
 * by an earlier entry, not revoked before this one: SPEC 3.1, a revocation takes effect at its own
 * position and earlier entries stay valid), and the signature verifies.
 * Trusting the directory is trusting the server; a bundle or a full replay derives the keys from
 * the log itself instead.
 * @throws TallyError `unknown_actor` if the entry's actor is another participant,
 *   `unknown_signing_key` if no key of the participant was valid under that id at this position,
 *   `signing_key_revoked` if it was revoked earlier, `bad_signature` as {@link verifyEventSignature}.
 */
export function verifyEntrySigner(entry: Entry, participant: ParticipantState, verify: VerifyFn = nobleVerify): void {
  if (entry.event.actor !== participant.id) {
    throw new TallyError('unknown_actor', `entry ${entry.seq} is signed for ${entry.event.actor}, not ${participant.id}`, ['event', 'actor']);
  }
  const key = participant.keys.find((k) => k.keyId === entry.keyId);
  if (key === undefined || key.addedSeq >= entry.seq) {
    throw new TallyError('unknown_signing_key', `${participant.id} held no key ${entry.keyId} at entry ${entry.seq}`, ['keyId']);
  }
  // The revoking entry itself may be signed by the key it revokes (it is judged before the revocation applies).
  if (key.revokedSeq !== undefined && key.revokedSeq < entry.seq) {
    throw new TallyError('signing_key_revoked', `key ${entry.keyId} of ${participant.id} was revoked at entry ${key.revokedSeq}`, ['keyId']);
  }
  verifyEventSignature(entry, key.publicKey, verify);
}
