import { TallyError } from '../errors.js';
import { fromBase64, toBase64 } from '../encoding/bytes.js';
import { HASH_LENGTH } from '../crypto/hash.js';

/**
 * C2SP tlog-proof (`c2sp.org/tlog-proof@v1`): a single entry's offline proof of logging,
 *
 *     c2sp.org/tlog-proof@v1
 *     [extra <base64>]
 *     index <n>
 *     <inclusion proof hashes, base64, one a line>
 *
 *     <checkpoint, with cosignatures>
 *
 * Verifying it (leaf hash, checkpoint against a policy, inclusion) is sdk/verify/tlog-proof.ts.
 */

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';
const DECIMAL = /^(0|[1-9][0-9]*)$/;

export interface TlogProof {
  index: number;
  proof: Uint8Array[];
  checkpoint: string;
  /** The unauthenticated `extra` data, when present. */
  extra?: Uint8Array;
}

export function encodeTlogProof(p: TlogProof): string {
  const extra = p.extra ? `extra ${toBase64(p.extra)}\n` : '';
  return `${TLOG_PROOF_HEADER}\n${extra}index ${p.index}\n${p.proof.map((h) => `${toBase64(h)}\n`).join('')}\n${p.checkpoint}`;
}

function invalid(message: string): TallyError {
  return new TallyError('invalid_tlog_proof', message);
}

/**
 * Reads a tlog-proof document (nothing is verified here).
 * @throws TallyError `invalid_tlog_proof` for a wrong header, a missing or non-canonical index,
 *   a proof line that is not a base64 32-byte hash, or no checkpoint.
 */
export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  if (lines[0] !== TLOG_PROOF_HEADER) throw invalid(`the first line must be ${TLOG_PROOF_HEADER}`);
  let at = 1;
  let extra: Uint8Array | undefined;
  if (lines[at]?.startsWith('extra ')) {
    try {
      extra = fromBase64(lines[at]!.slice(6));
    } catch {
      throw invalid('extra is not base64');
    }
    at++;
  }
  const indexLine = lines[at] ?? '';
  if (!indexLine.startsWith('index ') || !DECIMAL.test(indexLine.slice(6)) || !Number.isSafeInteger(Number(indexLine.slice(6)))) {
    throw invalid('expected "index <n>"');
  }
  const index = Number(indexLine.slice(6));
  const proof: Uint8Array[] = [];
  for (at++; at < lines.length && lines[at] !== ''; at++) {
    let hash: Uint8Array;
    try {
      hash = fromBase64(lines[at]!);
    } catch {
      throw invalid(`proof line ${at + 1} is not base64`);
    }
    if (hash.length !== HASH_LENGTH) throw invalid(`proof line ${at + 1} is not a 32-byte hash`);
    proof.push(hash);
  }
  const checkpoint = lines.slice(at + 1).join('\n');
  if (at >= lines.length || checkpoint === '') throw invalid('no checkpoint after the blank line');
  return { index, proof, checkpoint, ...(extra ? { extra } : {}) };
}
