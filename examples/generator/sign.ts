import type { Envelope, SignedEvent } from '../../schemas/entry.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import type { GeneratedKey } from './keys.js';

/**
 * Signs one event with a generated key. Ed25519 is deterministic (RFC 8032), so every
 * implementation returns the same envelope; the choice is only about speed.
 */
export type EventSigner = (event: SignedEvent, key: GeneratedKey) => Envelope;

/** @noble/ed25519 through the ledger's own signEvent: runs anywhere, about 1 ms a signature. */
export const nobleEventSigner: EventSigner = (event, key) => signEvent(event, key.secretKey);
