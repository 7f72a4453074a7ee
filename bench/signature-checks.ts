import type { Entry } from '../schemas/entry.js';
import { keyIdOf } from '../ledger/crypto/keys.js';
import { keysRegisteredBy } from '../ledger/custody/registered-keys.js';
import { fromBase64Url } from '../ledger/encoding/bytes.js';
import { eventSigningBytes } from '../ledger/log/event-signing.js';

/** One Ed25519 check: signature, signed bytes, public key. */
export type SignatureCheckInput = [sig: Uint8Array, msg: Uint8Array, pub: Uint8Array];

/**
 * The signature check of every entry of `entries` (a log from genesis) whose key an earlier entry
 * registered, for benches that time the signatures alone. Built outside any timing.
 */
export function signatureChecks(entries: readonly Entry[]): SignatureCheckInput[] {
  const keys = new Map<string, Uint8Array>();
  const checks: SignatureCheckInput[] = [];
  for (const entry of entries) {
    const pub = keys.get(entry.keyId);
    if (pub) checks.push([fromBase64Url(entry.sig), eventSigningBytes(entry.event), pub]);
    for (const text of keysRegisteredBy(entry.event)) keys.set(keyIdOf(fromBase64Url(text)), fromBase64Url(text));
  }
  return checks;
}
