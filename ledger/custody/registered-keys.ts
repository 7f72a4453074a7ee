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
