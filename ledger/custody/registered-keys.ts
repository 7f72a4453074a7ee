import { keyIdOf } from '../crypto/keys.js';
import { fromBase64Url } from '../encoding/bytes.js';

/**
 * The public keys (base64url text, as written) an event adds to the key directory: the
 * registrar's at genesis, a new participant's, a key rotation's additions; none for any other
 * event. Accepts any value and never throws: for a malformed event it returns what is
 * string-shaped where keys belong (applying the event says what is wrong with it). Whether a
 * key may be registered at all is for the rules (participants.ts registrableKeys).
 */
export function keysRegisteredBy(event: unknown): string[] {
  const e = event as { type?: unknown; registrar?: { keys?: unknown }; participant?: { keys?: unknown }; add?: unknown } | null;
  if (e === null || typeof e !== 'object') return [];
  const listed = e.type === 'ledger.genesis' ? e.registrar?.keys : e.type === 'participant.register' ? e.participant?.keys : e.type === 'participant.keys' ? e.add : undefined;
  return Array.isArray(listed) ? listed.filter((key): key is string => typeof key === 'string') : [];
}

/**
 * Adds to `directory`, by key id, each well-formed 32-byte key `event` registers (see
 * keysRegisteredBy); text that is not a key is skipped, for the rules to refuse. For guessing the
 * key an entry was signed with before the rules say which key it may use.
 */
export function learnRegisteredKeys(event: unknown, directory: Map<string, Uint8Array>): void {
  for (const text of keysRegisteredBy(event)) {
    try {
      const pub = fromBase64Url(text);
      if (pub.length === 32) directory.set(keyIdOf(pub), pub);
    } catch {
      // Not a key: the rules refuse the event.
    }
  }
}
