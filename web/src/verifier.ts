import { verifyBundle, type VerifiedBundle } from '../../sdk/verify/bundle.js';
import { bundleClaims, type BundleClaims } from '../../sdk/verify/claims.js';
import { isTallyError } from '../../ledger/errors.js';
import type { ClaimsRequest } from '../../schemas/state.js';

/**
 * The claim checker's verification, loaded only when a file is checked: the SDK's own
 * verifyBundle and bundleClaims (the same code as `tally verify` offline), over the file's
 * text, against the pinned key. Nothing here touches the network.
 */

export type Claim = ClaimsRequest['claims'][number];

export type CheckOutcome =
  | { ok: true; verified: VerifiedBundle; claims: BundleClaims }
  | { ok: false; code: string; message: string; path?: ReadonlyArray<string | number>; seq?: number };

/** The seq of the entry a refusal's path points into (`['entries', i, ...]`), when it does. */
function seqAt(json: unknown, path: ReadonlyArray<string | number> | undefined): number | undefined {
  if (!path || path[0] !== 'entries' || typeof path[1] !== 'number') return undefined;
  const item = (json as { entries?: Array<{ seq?: unknown }> }).entries?.[path[1]];
  return typeof item?.seq === 'number' ? item.seq : undefined;
}

export async function checkBundle(text: string, logKey: string, claims: (verified: VerifiedBundle) => Claim[]): Promise<CheckOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, code: 'not_json', message: `the file is not JSON: ${(err as Error).message}` };
  }
  try {
    const verified = await verifyBundle(json, logKey);
    return { ok: true, verified, claims: await bundleClaims(verified, claims(verified)) };
  } catch (err) {
    if (!isTallyError(err)) throw err;
    const seq = seqAt(json, err.path);
    return { ok: false, code: err.code, message: err.message, ...(err.path ? { path: err.path } : {}), ...(seq !== undefined ? { seq } : {}) };
  }
}

/** Re-checks claims against an already verified bundle (the user changed a threshold). */
export function recheckClaims(verified: VerifiedBundle, claims: Claim[]): Promise<BundleClaims> {
  return bundleClaims(verified, claims);
}
