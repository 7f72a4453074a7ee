import { generateKeyPair, type KeyPair } from '../../ledger/crypto/keys.js';
import { leafHash } from '../../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../../ledger/encoding/bytes.js';
import { signCheckpoint, verifierKeyString } from '../../ledger/log/checkpoint.js';
import { rootFromLeafHashes } from '../../ledger/merkle/compact.js';
import { consistencyProofFromLeaves } from '../../ledger/merkle/memory-proofs.js';

/**
 * A log as a test double: leaves in memory and the log key, so a test can sign honest
 * checkpoints, and forks, at will.
 */
export class FakeLog {
  readonly key: KeyPair = generateKeyPair();
  readonly leaves: Uint8Array[] = [];

  constructor(readonly origin = 'fake.tally.test/log') {}

  get vkey(): string {
    return verifierKeyString(this.origin, this.key.publicKey);
  }

  append(count: number, tag = 'honest'): void {
    for (let i = 0; i < count; i++) this.leaves.push(leafHash(utf8Encode(`${tag} ${this.leaves.length}`)));
  }

  checkpoint(size = this.leaves.length, leaves: readonly Uint8Array[] = this.leaves): string {
    return signCheckpoint({ origin: this.origin, size, rootHash: toHex(rootFromLeafHashes(leaves.slice(0, size))) }, this.key.secretKey, this.key.publicKey);
  }

  proof(from: number, to = this.leaves.length, leaves: readonly Uint8Array[] = this.leaves): Uint8Array[] {
    return from === 0 || from === to ? [] : consistencyProofFromLeaves(leaves, from, to);
  }
}
