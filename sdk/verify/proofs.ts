import type { z } from 'zod';
import { consistencyProofSchema, inclusionProofSchema } from '../../schemas/api.js';
import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../../ledger/errors.js';
import { fromHex } from '../../ledger/encoding/bytes.js';
import { entryHash } from '../../ledger/log/entry.js';
import { verifyConsistency, verifyInclusion } from '../../ledger/merkle/verify.js';
import type { Checkpoint } from './checkpoint.js';

/** `GET /v1/proofs/inclusion` as the API returns it. */
export type InclusionProofJson = z.infer<typeof inclusionProofSchema>;
/** `GET /v1/proofs/consistency` as the API returns it. */
export type ConsistencyProofJson = z.infer<typeof consistencyProofSchema>;

/** A tree head the caller already trusts: in practice a verified checkpoint. */
export type TreeHead = Pick<Checkpoint, 'size' | 'rootHash'>;

function invalid(message: string): TallyError {
  return new TallyError('invalid_proof', message);
}

/** Parses a proof response; anything from the network is untrusted until it has a known shape. */
function parse<S extends z.ZodType>(schema: S, json: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalid(`${what} is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

/**
 * Checks an inclusion proof response against a trusted tree head: the proof is for that tree's
 * size and leads from `leafHash` to its root. With `entry`, also checks that `leafHash` is the
 * hash of that entry and `seq` its seq, so the caller learns that this very entry is in the log.
 * Requires `head` to come from a verified checkpoint.
 * @throws TallyError `invalid_proof` if the response is malformed, names another size or entry,
 *   or does not lead to the root.
 * @example verifyInclusionProof(await api.inclusion(seq, cp.size), cp, entry)
 */
export function verifyInclusionProof(json: unknown, head: TreeHead, entry?: Entry): InclusionProofJson {
  const proof = parse(inclusionProofSchema, json, 'inclusion proof');
  if (proof.size !== head.size) throw invalid(`inclusion proof is for size ${proof.size}, the checkpoint has size ${head.size}`);
  if (entry !== undefined) {
    if (entry.seq !== proof.seq) throw invalid(`inclusion proof is for entry ${proof.seq}, not entry ${entry.seq}`);
    if (entryHash(entry) !== proof.leafHash) throw invalid(`leafHash is not the hash of entry ${entry.seq}`);
  }
  verifyInclusion(fromHex(proof.leafHash), proof.seq, proof.size, proof.proof.map(fromHex), fromHex(head.rootHash));
  return proof;
}

/**
 * Checks a consistency proof response: the tree `older` is a prefix of the tree `newer`, so the
 * log only appended between them.
 * Requires both heads to come from verified checkpoints, 0 < older.size <= newer.size.
 * @throws TallyError `invalid_proof` if the response is malformed, is for other sizes, or does
 *   not reproduce both roots.
 * @example verifyConsistencyProof(await api.consistency(old.size, cp.size), old, cp)
 */
export function verifyConsistencyProof(json: unknown, older: TreeHead, newer: TreeHead): ConsistencyProofJson {
  const proof = parse(consistencyProofSchema, json, 'consistency proof');
  if (proof.from !== older.size || proof.to !== newer.size) {
    throw invalid(`consistency proof is for sizes ${proof.from} -> ${proof.to}, not ${older.size} -> ${newer.size}`);
  }
  verifyConsistency(older.size, newer.size, proof.proof.map(fromHex), fromHex(older.rootHash), fromHex(newer.rootHash));
  return proof;
}
