import { createTallyClient, type TallyApi } from '../../sdk/client.js';
import type { RequestSigner } from '../../sdk/request-signing.js';
import type { components } from '../../sdk/generated/api.js';

/** The contract's schemas (sdk/generated/api.ts, generated from openapi.yaml): the page's only types of the API. */
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

/** The page talks to the server that served it, and to nothing else (its CSP says so too). */
export const BASE_URL = location.origin;

export const publicApi: TallyApi = createTallyClient({ baseUrl: BASE_URL });

/** A client whose every request carries the participant's RFC 9421 signature, made in the page. */
export function signedApi(signer: RequestSigner): TallyApi {
  return createTallyClient({ baseUrl: BASE_URL, signer });
}

/** A problem's text for a person: the detail, with the stable code after it. */
export function describeProblem(problem: { code?: string; detail?: string; title?: string } | undefined): string {
  if (!problem) return 'no answer from the server';
  return `${problem.detail ?? problem.title ?? 'refused'} (${problem.code ?? 'error'})`;
}

/** The data of a call, or throws an Error carrying the problem (for views that only show a failure). */
export async function need<T>(call: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data, error } = await call;
  if (error !== undefined || data === undefined) throw Object.assign(new Error(describeProblem(error as Problem)), { problem: error });
  return data;
}
