/**
 * The shapes of the log (SPEC section 5). An envelope is what a client submits; an entry is what
 * the log records, and its leaf bytes are the UTF-8 JCS of exactly this object.
 */
export interface Envelope<E = SignedEvent> {
  event: E;
  keyId: string;
  sig: string;
}

/** Fields every event has (SPEC section 3); the type-specific fields ride along. */
export interface EventBase {
  v: 1;
  ledger: string;
  id: string;
  type: string;
  actor: string;
  at: string;
  evidence?: Array<{ kind: string; sha256: string; uri?: string }>;
  note?: string;
}

export type SignedEvent = EventBase & Record<string, unknown>;

export interface Entry<E = SignedEvent> {
  seq: number;
  /** Hash of entry seq-1 (RFC 6962 leaf hash, hex), or 64 zeros for entry 0. */
  prev: string;
  recordedAt: string;
  event: E;
  keyId: string;
  sig: string;
}
