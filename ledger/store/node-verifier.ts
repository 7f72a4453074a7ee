import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { VerifyFn } from '../crypto/signature.js';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const KEY_CACHE_LIMIT = 10_000;

/**
 * Ed25519 verification through OpenSSL, for the server's hot path. SPEC section 2 explains why
 * it agrees with @noble/ed25519 on every key the ledger accepts. KeyObjects are cached: building
 * one per call halves the rate.
 */
export class NodeVerifier {
  private readonly keys = new Map<string, KeyObject>();
  /** Signatures already checked off the main thread, keyed by signature, awaiting their apply. */
  private readonly verified = new Map<string, { msg: Buffer; pub: string }>();

  /** Synchronous form, usable as the ledger's VerifyFn. */
  readonly verify: VerifyFn = (sig, msg, pub) => {
    const sigKey = Buffer.from(sig).toString('base64');
    const known = this.verified.get(sigKey);
    if (known !== undefined) {
      this.verified.delete(sigKey);
      if (known.pub === Buffer.from(pub).toString('base64') && known.msg.equals(msg)) return true;
    }
    if (sig.length !== 64 || pub.length !== 32) return false;
    try {
      return cryptoVerify(null, msg, this.keyObject(pub), sig);
    } catch {
      return false;
    }
  };

  /** The cached KeyObject for `pub`, or undefined when `sig` or `pub` cannot be a valid pair. */
  private usableKey(sig: Uint8Array, pub: Uint8Array): KeyObject | undefined {
    if (sig.length !== 64 || pub.length !== 32) return undefined;
    try {
      return this.keyObject(pub);
    } catch {
      return undefined;
    }
  }

  /**
   * Verifies on the libuv thread pool (the callback form of crypto.verify), so both cores work,
   * and remembers nothing: the caller keeps the verdict with whatever it checked (the ledger keeps
   * it with the submission, so a refused submission leaves nothing behind).
   */
  check(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): Promise<boolean> {
    const key = this.usableKey(sig, pub);
    if (key === undefined) return Promise.resolve(false);
    return new Promise((resolve) => cryptoVerify(null, msg, key, sig, (err, ok) => resolve(!err && ok)));
  }

  /**
   * Verifies on the thread pool and remembers a success so that the following synchronous check
   * of the same signature is free; a failure is not, and the synchronous check will fail on its
   * own. For replays, which consume every verdict in order; a server must use {@link check}: a
   * verdict nobody consumes stays here (with a copy of its message) until the cache is cleared.
   */
  preverify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): Promise<boolean> {
    const key = this.usableKey(sig, pub);
    if (key === undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      cryptoVerify(null, msg, key, sig, (err, ok) => {
        if (!err && ok) {
          if (this.verified.size > KEY_CACHE_LIMIT) this.verified.clear();
          this.verified.set(Buffer.from(sig).toString('base64'), { msg: Buffer.from(msg), pub: Buffer.from(pub).toString('base64') });
        }
        resolve(!err && ok);
      });
    });
  }

  private keyObject(pub: Uint8Array): KeyObject {
    const id = Buffer.from(pub).toString('base64');
    let key = this.keys.get(id);
    if (key === undefined) {
      if (this.keys.size >= KEY_CACHE_LIMIT) this.keys.clear();
      key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, pub]), format: 'der', type: 'spki' });
      this.keys.set(id, key);
    }
    return key;
  }
}
