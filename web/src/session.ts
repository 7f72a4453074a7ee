import { keyIdOf, publicKeyOf } from '../../ledger/crypto/keys.js';
import { bytesEqual, fromBase64Url } from '../../ledger/encoding/bytes.js';
import type { RequestSigner } from '../../sdk/request-signing.js';
import type { Schemas } from './api.js';
import { createStore } from './store.js';

/**
 * The participant working in this page: its directory entry and one key pair, read from the
 * key file the user chose. The secret key lives in this module's memory only: never uploaded,
 * never written to storage; reloading the page forgets it.
 */
export interface Session {
  participant: Schemas['Participant'];
  keyId: string;
  secretKey: Uint8Array;
}

export const session = createStore<Session | undefined>(undefined);

export function signerOf(s: Session): RequestSigner {
  return { participant: s.participant.id, keyId: s.keyId, secretKey: s.secretKey };
}

/**
 * The key pair in a Tally key file (`tally keygen`: `{ kind: "tally-ed25519-key", publicKey,
 * secretKey }`, base64url), checked for consistency: the public key must be the secret key's.
 * @throws Error with a sentence for the user.
 */
export function readKeyFile(text: string): { publicKey: Uint8Array; secretKey: Uint8Array; keyId: string } {
  let file: { kind?: unknown; publicKey?: unknown; secretKey?: unknown };
  try {
    file = JSON.parse(text);
  } catch {
    throw new Error('this is not a key file: it is not JSON');
  }
  if (file?.kind !== 'tally-ed25519-key' || typeof file.secretKey !== 'string' || typeof file.publicKey !== 'string') {
    throw new Error('this is not a Tally key file (expected kind "tally-ed25519-key", from `tally keygen`)');
  }
  let secretKey: Uint8Array;
  let publicKey: Uint8Array;
  try {
    secretKey = fromBase64Url(file.secretKey);
    publicKey = fromBase64Url(file.publicKey);
  } catch {
    throw new Error('the key file is damaged: its keys are not base64url');
  }
  if (secretKey.length !== 32 || !bytesEqual(publicKeyOf(secretKey), publicKey)) throw new Error('the key file is damaged: its public key is not its secret key’s');
  return { publicKey, secretKey, keyId: keyIdOf(publicKey) };
}

/** The participant that holds `keyId` as a key not revoked, if any. */
export function participantWithKey(participants: ReadonlyArray<Schemas['Participant']>, keyId: string): Schemas['Participant'] | undefined {
  return participants.find((p) => p.keys.some((k) => k.keyId === keyId && k.revokedSeq === undefined));
}
