import { createPublicKey, verify } from 'node:crypto';

/**
 * Ed25519 verification by OpenSSL through node:crypto: RFC 8032 cofactorless, as an auditor
 * that does not use noble would check. Returns false when OpenSSL refuses the key or signature.
 */
export function nodeVerify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') }, format: 'jwk' });
    return verify(null, msg, key, sig);
  } catch {
    return false;
  }
}
