import { expect } from 'vitest';
import type { AuditBundle } from '../../schemas/bundle.js';
import type { Entry } from '../../schemas/entry.js';
import type { ErrorCode } from '../../schemas/errors/index.js';
import { isTallyError } from '../../ledger/errors.js';
import { toHex } from '../../ledger/encoding/bytes.js';
import { leafHash } from '../../ledger/crypto/hash.js';
import type { KeyPair } from '../../ledger/crypto/keys.js';
import { entryHash, entryLeafBytes } from '../../ledger/log/entry.js';
import { signCheckpoint } from '../../ledger/log/checkpoint.js';
import { rootFromLeafHashes } from '../../ledger/merkle/compact.js';
import { inclusionProofFromLeaves } from '../../ledger/merkle/memory-proofs.js';

/** Awaits `attempt` and returns the TallyError it rejects with, asserting its code. */
export async function refusal(code: ErrorCode, attempt: Promise<unknown> | (() => unknown)): Promise<{ code: string; message: string; path?: ReadonlyArray<string | number> | undefined }> {
  let caught: unknown;
  try {
    await (typeof attempt === 'function' ? attempt() : attempt);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a refusal with ${code}`).toBeDefined();
  if (!isTallyError(caught)) throw caught;
  expect(caught.code, caught.message).toBe(code);
  return caught;
}

/** Flips one hex digit (0 <-> 1 style) at `index` of a hex string. */
export function flipHex(hex: string, index = 10): string {
  const digit = hex[index]!;
  const flipped = digit === '0' ? '1' : '0';
  return hex.slice(0, index) + flipped + hex.slice(index + 1);
}

/**
 * What a log operator holding the log key could publish: the given entries (already edited),
 * `prev` links rewritten after `rechainFrom` if asked, a tree over them, a checkpoint signed with
 * the real log key, and a bundle of the seqs of `template` with proofs in that tree.
 */
export function forgeBundle(template: AuditBundle, entries: Entry[], logKey: KeyPair, options: { rechain?: boolean } = {}): AuditBundle {
  const log = entries.map((entry) => structuredClone(entry));
  if (options.rechain) for (let i = 1; i < log.length; i++) log[i]!.prev = entryHash(log[i - 1]!);
  const leaves = log.map((entry) => leafHash(entryLeafBytes(entry)));
  const rootHash = toHex(rootFromLeafHashes(leaves));
  const checkpoint = signCheckpoint({ origin: template.origin, size: log.length, rootHash }, logKey.secretKey, logKey.publicKey);
  return {
    ...structuredClone(template),
    checkpoint,
    entries: template.entries.map(({ seq }) => ({
      seq,
      entry: log[seq] as AuditBundle['entries'][number]['entry'],
      proof: inclusionProofFromLeaves(leaves, seq, log.length).map(toHex),
    })),
  };
}
