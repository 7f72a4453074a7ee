import { signRequest } from '../../../sdk/request-signing.js';
import { BASE_URL, describeProblem, type Schemas } from '../api.js';
import { signerOf, type Session } from '../session.js';

export type HeldBatches = { kind: 'ok'; batches: Array<Schemas['Batch']> } | { kind: 'absent' } | { kind: 'error'; message: string };

/** `GET /v1/batches?holder=` (SPEC 6, protocol 1.1), every page, signed as the holder. */
export async function heldBatches(s: Session): Promise<HeldBatches> {
  const url = `${BASE_URL}/v1/batches?holder=${encodeURIComponent(s.participant.id)}`;
  const res = await fetch(url, { headers: signRequest({ method: 'GET', url }, signerOf(s)) });
  if (res.status === 404 || res.status === 405) return { kind: 'absent' };
  const body = (await res.json()) as { batches?: Array<Schemas['Batch']> };
  if (!res.ok || !Array.isArray(body.batches)) return { kind: 'error', message: describeProblem(body as never) };
  return { kind: 'ok', batches: body.batches };
}
