import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 PKCS#8 private key; the 32-byte seed follows it. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyObject(secretKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
}

/**
 * Ed25519 signing through OpenSSL for the log's own signatures (a checkpoint per group commit),
 * where @noble/ed25519 would cost about a millisecond each. Deterministic (RFC 8032), so it
 * produces exactly the bytes noble would.
 */
export function nodeSigner(secretKey: Uint8Array): (msg: Uint8Array) => Uint8Array {
  const key = privateKeyObject(secretKey);
  return (msg) => new Uint8Array(sign(null, msg, key));
}

/**
 * {@link nodeSigner} on the libuv thread pool (node:crypto's callback form): the same bytes,
 * without the request thread's 100 to 200 µs per checkpoint on these VMs (the largest single cost
 * in a CPU profile at 4 connections, where a group commit holds one or two entries).
 */
export function nodePoolSigner(secretKey: Uint8Array): (msg: Uint8Array) => Promise<Uint8Array> {
  const key = privateKeyObject(secretKey);
  return (msg) =>
    new Promise((resolve, reject) => {
      sign(null, msg, key, (err, signature) => (err ? reject(err) : resolve(new Uint8Array(signature))));
    });
}
