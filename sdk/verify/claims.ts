import { claimsRequestSchema, type ClaimResult, type ClaimsRequest } from '../../schemas/state.js';
import { TallyError } from '../../ledger/errors.js';
import { MemoryStateSource } from '../../ledger/custody/state-tx.js';
import { verifyClaims } from '../../ledger/custody/queries/index.js';
import type { Checkpoint } from '../../ledger/log/checkpoint.js';
import type { VerifiedBundle } from './bundle.js';

/** A claim's verdict from a bundle, with whether the bundle can settle it at all. */
export interface BundleClaimResult extends ClaimResult {
  /**
   * False when the verdict may be overturned by entries a bundle does not hold: `not-exported`
   * is about everything that happened to the batch, and a bundle shows only its lineage up to
   * the checkpoint (SPEC 7: "that nothing later happened to the batch needs the full replay").
   */
  conclusive: boolean;
  note?: string;
}

export interface BundleClaims {
  batch: string;
  /** The tree the verdicts are about. */
  asOf: Pick<Checkpoint, 'size' | 'rootHash'>;
  results: BundleClaimResult[];
}

const NOT_EXPORTED_NOTE =
  'Holds for the lineage entries in the bundle up to its checkpoint; an export left out of the bundle, ' +
  'or made after the checkpoint, can only be ruled out by a full replay.';

/**
 * Checks SPEC 6 claims (`recycled`, `pre-consumer`, `post-consumer`, `home-origin`,
 * `home-recycled` with `atLeast`; `home-processed`; `not-exported`) against a verified bundle,
 * with the same functions the server uses (ledger/custody queries over the replayed state), so
 * the verdicts are exactly the server's for the same entries.
 * Requires `verified` to come from verifyBundle.
 * @throws TallyError `invalid_claims` if a claim is malformed (share kinds need `atLeast` in
 *   [0, 1], the others take none), with the path of the offending field.
 * @example await bundleClaims(verified, [{ kind: 'recycled', atLeast: 0.6 }, { kind: 'home-processed' }])
 */
export async function bundleClaims(verified: VerifiedBundle, claims: ClaimsRequest['claims']): Promise<BundleClaims> {
  const parsed = claimsRequestSchema.safeParse({ batch: verified.batch.id, claims });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    throw new TallyError('invalid_claims', `${path.join('.')}: ${issue.message}`, path);
  }
  const response = (await verifyClaims(new MemoryStateSource(verified.state), parsed.data))!;
  return {
    batch: response.batch,
    asOf: { size: verified.checkpoint.size, rootHash: verified.checkpoint.rootHash },
    results: response.results.map((result) =>
      result.kind === 'not-exported' ? { ...result, conclusive: false, note: NOT_EXPORTED_NOTE } : { ...result, conclusive: true },
    ),
  };
}
