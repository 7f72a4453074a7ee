import { createPrivateKey, sign } from 'node:crypto';

/** DER prefix of an Ed25519 PKCS#8 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * Ed25519 signing through OpenSSL for the log's own signatures (a checkpoint per group commit),
 * where @noble/ed25519 would cost about a millisecond each. Deterministic (RFC 8032), so it
 * produces exactly the bytes noble would.
 */
export function nodeSigner(secretKey: Uint8Array): (msg: Uint8Array) => Uint8Array {
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
  return (msg) => new Uint8Array(sign(null, msg, key));
}
