import { fromBase64, fromHex, toBase64, toHex } from '../encoding/bytes.js';
import { HASH_LENGTH } from '../crypto/hash.js';
import { nobleVerify, type VerifyFn } from '../crypto/signature.js';
import { parseCheckpoint, type Checkpoint } from '../log/checkpoint.js';
import { EMPTY_ROOT } from '../merkle/compact.js';
import { verifyConsistency } from '../merkle/verify.js';
import { splitNote } from '../log/signed-note.js';
import { isTallyError } from '../errors.js';

/**
 * C2SP tlog-witness `add-checkpoint`: the request body (an `old <size>` line, consistency proof
 * lines in base64, a blank line, the checkpoint) and the witness's judgement of it, as values.
 * The HTTP program and its state file live in `witness/`.
 */

/** Most proof lines a client may send (C2SP: no more than 63). */
export const MAX_PROOF_LINES = 63;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Uint8Array[];
  /** The checkpoint note as sent, signatures and all. */
  checkpoint: string;
}

/** The request body for `add-checkpoint`. */
export function encodeAddCheckpoint(oldSize: number, proof: readonly Uint8Array[], checkpoint: string): string {
  return `old ${oldSize}\n${proof.map((hash) => `${toBase64(hash)}\n`).join('')}\n${checkpoint}`;
}

/** A request that is not an add-checkpoint body at all (400). */
export class MalformedRequest extends Error {}

/**
 * Reads an add-checkpoint body.
 * @throws MalformedRequest for anything that is not `old <size>\n`, up to 63 base64 32-byte hash
 *   lines, a blank line and a checkpoint.
 */
export function parseAddCheckpoint(body: string): AddCheckpointRequest {
  const lines = body.split('\n');
  const oldLine = lines[0]!;
  if (!oldLine.startsWith('old ') || !DECIMAL.test(oldLine.slice(4))) throw new MalformedRequest('the first line must be "old <size>"');
  const oldSize = Number(oldLine.slice(4));
  if (!Number.isSafeInteger(oldSize)) throw new MalformedRequest('old size is too large');
  const proof: Uint8Array[] = [];
  let at = 1;
  for (; at < lines.length && lines[at] !== ''; at++) {
    if (proof.length === MAX_PROOF_LINES) throw new MalformedRequest(`more than ${MAX_PROOF_LINES} proof lines`);
    let hash: Uint8Array;
    try {
      hash = fromBase64(lines[at]!);
    } catch {
      throw new MalformedRequest(`proof line ${at} is not base64`);
    }
    if (hash.length !== HASH_LENGTH) throw new MalformedRequest(`proof line ${at} is not a 32-byte hash`);
    proof.push(hash);
  }
  if (at >= lines.length) throw new MalformedRequest('no blank line before the checkpoint');
  const checkpoint = lines.slice(at + 1).join('\n');
  if (checkpoint === '') throw new MalformedRequest('no checkpoint after the blank line');
  return { oldSize, proof, checkpoint };
}

/** What a witness knows of one log: its trusted key and the last checkpoint it cosigned. */
export interface WitnessedLog {
  logKey: string;
  /** Size and root of the latest cosigned checkpoint; absent when it never cosigned one. */
  latest?: { size: number; rootHash: string };
}

/** The witness's verdict, mapped to HTTP by the program. */
export type AddCheckpointVerdict =
  | { status: 200; checkpoint: Checkpoint; body: string }
  | { status: 400 | 403 | 404 | 422; reason: string }
  | { status: 409; reason: string; size: number };

/**
 * Judges an add-checkpoint request exactly as C2SP tlog-witness orders it: 400 malformed or old
 * size above the checkpoint's, 404 unknown origin, 403 no valid signature of the trusted log key,
 * 409 (with the recorded size) when the old size is not the size last cosigned, 422 a bad
 * consistency proof, a proof from size 0, a size-0 checkpoint whose root is not the empty tree's,
 * or an equal size with another root. 200 means: cosign `checkpoint` and record it.
 * @param logs the logs the witness serves, by origin.
 */
export function judgeAddCheckpoint(body: string, logs: (origin: string) => WitnessedLog | undefined, verify: VerifyFn = nobleVerify): AddCheckpointVerdict {
  let request: AddCheckpointRequest;
  let noteBody: string;
  try {
    request = parseAddCheckpoint(body);
    noteBody = splitNote(request.checkpoint).body;
  } catch (err) {
    if (err instanceof MalformedRequest || isTallyError(err)) return { status: 400, reason: err.message };
    throw err;
  }
  const origin = noteBody.slice(0, noteBody.indexOf('\n'));
  const log = logs(origin);
  if (log === undefined) return { status: 404, reason: `unknown log origin ${JSON.stringify(origin)}` };
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(request.checkpoint, log.logKey, verify);
  } catch (err) {
    if (!isTallyError(err)) throw err;
    return { status: 403, reason: `the checkpoint is not signed by the log key: ${err.message}` };
  }
  if (request.oldSize > checkpoint.size) return { status: 400, reason: `old size ${request.oldSize} exceeds the checkpoint size ${checkpoint.size}` };
  const recorded = log.latest?.size ?? 0;
  if (request.oldSize !== recorded) return { status: 409, reason: `the latest cosigned size is ${recorded}, not ${request.oldSize}`, size: recorded };
  if (checkpoint.size === 0 && checkpoint.rootHash !== toHex(EMPTY_ROOT)) return { status: 422, reason: 'a checkpoint of size 0 must carry the empty tree root' };
  if (request.oldSize === 0) {
    if (request.proof.length > 0) return { status: 422, reason: 'a proof from size 0 must be empty' };
  } else if (request.oldSize === checkpoint.size) {
    if (checkpoint.rootHash !== log.latest!.rootHash) return { status: 422, reason: `size ${checkpoint.size} was cosigned with another root` };
    if (request.proof.length > 0) return { status: 422, reason: 'a proof between equal sizes must be empty' };
  } else {
    try {
      verifyConsistency(request.oldSize, checkpoint.size, request.proof, fromHex(log.latest!.rootHash), fromHex(checkpoint.rootHash));
    } catch (err) {
      if (!isTallyError(err)) throw err;
      return { status: 422, reason: `the consistency proof from ${request.oldSize} does not verify: ${err.message}` };
    }
  }
  return { status: 200, checkpoint, body: noteBody };
}
