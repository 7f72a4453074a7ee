import type { TallyApi } from '../../../sdk/client.js';
import { describeProblem, type Problem, type Schemas } from '../api.js';

export type HeldBatches = { kind: 'ok'; batches: Array<Schemas['Batch']> } | { kind: 'error'; message: string };

/** Pages fetched at most: a workspace lists what a participant holds now, not a national register. */
const MAX_PAGES = 20;

/** `GET /v1/batches?holder=` (SPEC 6, protocol 1.1), page after page, signed as the holder. */
export async function heldBatches(api: TallyApi, holder: string): Promise<HeldBatches> {
  const batches: Array<Schemas['Batch']> = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, error } = await api.GET('/v1/batches', { params: { query: { holder, ...(after ? { after } : {}) } } });
    if (error) return { kind: 'error', message: describeProblem(error as Problem) };
    batches.push(...data.batches);
    after = data.next;
    if (after === undefined) break;
  }
  return { kind: 'ok', batches };
}
