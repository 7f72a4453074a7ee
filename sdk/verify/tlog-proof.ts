import { TallyError, isTallyError } from '../../ledger/errors.js';
import { leafHash } from '../../ledger/crypto/hash.js';
import { fromHex, utf8Encode } from '../../ledger/encoding/bytes.js';
import { nobleVerify, type VerifyFn } from '../../ledger/crypto/signature.js';
import { parseCheckpoint, type Checkpoint } from '../../ledger/log/checkpoint.js';
import { verifyInclusion } from '../../ledger/merkle/verify.js';
import { checkPolicy, type TlogPolicy } from '../../ledger/witness/policy.js';
import { encodeTlogProof, parseTlogProof } from '../../ledger/witness/tlog-proof.js';

/**
 * Single-entry proofs in C2SP tlog-proof format (`c2sp.org/tlog-proof@v1`): the entry's index,
 * its inclusion proof and the (cosigned) checkpoint, verifiable offline with the entry's leaf
 * bytes, the log key and, optionally, a tlog-policy.
 */

/** A tlog-proof document for entry `index` from an inclusion proof (hex hashes) and a checkpoint. */
export function writeTlogProof(index: number, proofHex: readonly string[], checkpoint: string): string {
  return encodeTlogProof({ index, proof: proofHex.map(fromHex), checkpoint });
}

/**
 * Verifies that `leaf` (the entry's exact leaf bytes, or its JSON text) is entry `index` of the
 * log under the proof's checkpoint, signed by `logKey` and, with a policy, cosigned by its quorum.
 * @returns the checkpoint and the entry's index.
 * @throws TallyError `invalid_tlog_proof` (malformed, or the inclusion proof fails),
 *   `invalid_checkpoint`, `policy_unsatisfied`.
 */
export function verifyTlogProof(
  text: string,
  leaf: Uint8Array | string,
  logKey: string,
  options: { policy?: TlogPolicy; verify?: VerifyFn } = {},
): { index: number; checkpoint: Checkpoint } {
  const verify = options.verify ?? nobleVerify;
  const proof = parseTlogProof(text);
  const checkpoint = parseCheckpoint(proof.checkpoint, logKey, verify);
  if (options.policy) checkPolicy(proof.checkpoint, options.policy, { logKey, verify });
  const bytes = typeof leaf === 'string' ? utf8Encode(leaf) : leaf;
  try {
    verifyInclusion(leafHash(bytes), proof.index, checkpoint.size, proof.proof, fromHex(checkpoint.rootHash));
  } catch (err) {
    if (!isTallyError(err)) throw err;
    throw new TallyError('invalid_tlog_proof', `entry ${proof.index}: ${err.message}`);
  }
  return { index: proof.index, checkpoint };
}
