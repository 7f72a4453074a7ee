import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { canonicalize } from '../../ledger/encoding/jcs.js';
import type { Envelope } from '../../schemas/entry.js';
import { profilePath } from './profile.js';

/**
 * Envelopes signed with an id the user chose (`--id`), kept beside the profile so that running
 * the same command again sends the very same signed bytes: the server then answers 200 (already
 * in the log) instead of 409, which a fresh `at` timestamp would otherwise cause. Only the
 * signer's own events are kept, one small file each; nothing secret is in them.
 */
function journalPath(actor: string, id: string): string {
  return join(dirname(profilePath()), 'sent', encodeURIComponent(actor), `${encodeURIComponent(id)}.json`);
}

/** The event without `at`: two signings of the same intent differ only there. */
function intent(event: Record<string, unknown>): string {
  const { at: _at, ...rest } = event;
  return canonicalize(rest);
}

/**
 * The envelope signed earlier for this actor and id, when the new one says the same thing
 * (everything but `at`) with the same key; undefined otherwise (or if the record is unreadable),
 * and the caller keeps the fresh signature.
 */
export function earlierEnvelope(fresh: Envelope): Envelope | undefined {
  const event = fresh.event as unknown as Record<string, unknown>;
  const path = journalPath(String(event.actor), String(event.id));
  if (!existsSync(path)) return undefined;
  let earlier: Envelope;
  try {
    earlier = JSON.parse(readFileSync(path, 'utf8')) as Envelope;
  } catch {
    return undefined;
  }
  const same = earlier.keyId === fresh.keyId && intent(earlier.event as unknown as Record<string, unknown>) === intent(event);
  return same ? earlier : undefined;
}

export function remember(envelope: Envelope): void {
  const event = envelope.event as unknown as Record<string, unknown>;
  const path = journalPath(String(event.actor), String(event.id));
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(envelope) + '\n', { mode: 0o600 });
}
