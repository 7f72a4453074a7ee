import { sha256 } from '../../ledger/crypto/hash.js';
import { keyIdOf, publicKeyOf, type KeyPair } from '../../ledger/crypto/keys.js';
import { utf8Encode } from '../../ledger/encoding/bytes.js';

/**
 * Deterministic keys: the secret key (RFC 8032 seed) of a participant is SHA-256(`seed|id`), and
 * of its n-th replacement key (after a rotation) SHA-256(`seed|id|key<n>`). Anyone who knows the
 * seed can sign as every generated participant: these are demonstration keys, never real ones.
 */

export interface GeneratedKey extends KeyPair {
  keyId: string;
}

/** The key of participant `id`, generation `n` (0 = the key it is registered with). */
export function participantKey(seed: string, id: string, n = 0): GeneratedKey {
  const secretKey = sha256(utf8Encode(n === 0 ? `${seed}|${id}` : `${seed}|${id}|key${n}`));
  const publicKey = publicKeyOf(secretKey);
  return { secretKey, publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * The registrar's key for `seed`: configure the ledger with its public key
 * (`Ledger.open(backend, { registrar: { publicKey } })`, or TALLY_REGISTRAR_KEY in base64url).
 */
export function registrarKey(seed: string): GeneratedKey {
  return participantKey(seed, 'registrar');
}
