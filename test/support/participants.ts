import { expect } from 'vitest';
import { generateKeyPair, type KeyPair } from '../../ledger/crypto/keys.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import type { Envelope } from '../../schemas/entry.js';
import type { Role } from '../../schemas/primitives.js';
import { partyOf, type ApiResponse, type Party, type TestServer } from './server.js';
import { participantFields } from './participant-fields.js';

/**
 * Participants and signed events for API tests: what a client of Tally does, over HTTP.
 */

/** Grams in a kilogram and a tonne, so figures read like the story. */
export const kg = (kilograms: number) => kilograms * 1_000;
export const t = (tonnes: number) => tonnes * 1_000_000;

export interface EventOptions {
  id?: string;
  /** `at` of the event; defaults to now. */
  at?: string;
  /** Signs for this ledger origin instead of the server's. */
  ledger?: string;
  /** Signs with this key instead of the actor's. */
  key?: KeyPair;
}

/** An envelope for an event of `type` by `actor`, signed (by default) with the actor's key. */
export function signedEvent(server: TestServer, actor: Party, type: string, fields: Record<string, unknown>, options: EventOptions = {}): Envelope {
  const event = {
    v: 1,
    ledger: options.ledger ?? server.origin,
    id: options.id ?? server.eventId(type.replace('.', '-')),
    type,
    actor: actor.id,
    at: options.at ?? new Date().toISOString(),
    ...fields,
  };
  return signEvent(event as never, (options.key ?? actor.key).secretKey);
}

/** Signs and submits an event; returns the server's answer. */
export function act(server: TestServer, actor: Party, type: string, fields: Record<string, unknown>, options: EventOptions = {}): Promise<ApiResponse> {
  return server.submit(signedEvent(server, actor, type, fields, options));
}

/** Signs and submits an event that must be appended; returns its seq. */
export async function append(server: TestServer, actor: Party, type: string, fields: Record<string, unknown>, options: EventOptions = {}): Promise<number> {
  const res = await act(server, actor, type, fields, options);
  expect(res.status, `${type} by ${actor.id}: ${res.text}`).toBe(201);
  return res.body.seq as number;
}

/** Registers a participant (signed by the registrar) with a fresh key; sites as [id, country]. */
export async function registerParticipant(server: TestServer, id: string, roles: Role[], country = 'GB', sites: Array<[string, string]> = []): Promise<Party> {
  const key = generateKeyPair();
  await append(server, server.registrar, 'participant.register', { participant: participantFields(id, roles, country, sites, key.publicKey) });
  return partyOf(id, key);
}

export interface BatchSpec {
  id: string;
  material?: string;
  form?: string;
  massG: number;
  site: string;
  origin?: { kind: 'primary' | 'pre-consumer' | 'post-consumer'; country: string };
}

/** Registers a batch (copper scrap, GB post-consumer unless told otherwise); returns the seq. */
export function registerBatch(server: TestServer, actor: Party, spec: BatchSpec): Promise<number> {
  const { origin = { kind: 'post-consumer', country: 'GB' }, material = 'copper', form = 'scrap', ...batch } = spec;
  return append(server, actor, 'batch.register', { batch: { ...batch, material, form }, origin });
}

/** Transfer and receive in full: a delivery from `from` to `to` at `toSite`. */
export async function deliver(server: TestServer, from: Party, batch: string, to: Party, toSite: string, massG: number): Promise<void> {
  await append(server, from, 'batch.transfer', { batch, to: to.id, toSite });
  await append(server, to, 'batch.receive', { batch, massG });
}
