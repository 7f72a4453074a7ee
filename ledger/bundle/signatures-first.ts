import type { Entry } from '../../schemas/entry.js';
import type { VerifyFn } from '../crypto/signature.js';
import { learnRegisteredKeys } from '../custody/registered-keys.js';
import { bytesEqual, fromBase64Url, toBase64Url } from '../encoding/bytes.js';
import { eventSigningBytes } from '../log/event-signing.js';

/** One Ed25519 check off the calling thread (node:crypto on the thread pool, say). */
export type AsyncCheck = (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => Promise<boolean>;

/**
 * Checks the signatures of a bundle's entries all at once with `check`, before the bundle is
 * replayed, and returns the VerifyFn the replay then uses. A replay is one synchronous pass that
 * checks each signature as it reaches it; for a deep batch's ten thousand entries that took 1.2 s
 * of the request thread on these VMs, where the thread pool checks them on both cores while the
 * thread is free.
 *
 * The key tried for an entry is the one its keyId names among the keys the bundle's entries
 * register (whether that key may sign for the actor at that entry is for the custody rules, which
 * call the VerifyFn with the key they chose). A confirmed verdict answers only the identical
 * check, the same signature, signed bytes and key; anything else goes to `fallback`, so every
 * signature is still checked against the key the rules pick, and a forged one is never excused.
 * Nothing outlives the returned function.
 */
export async function verifiedFirst(entries: readonly Entry[], check: AsyncCheck, fallback: VerifyFn): Promise<VerifyFn> {
  const keys = new Map<string, Uint8Array>();
  for (const entry of entries) learnRegisteredKeys(entry.event, keys);
  const confirmed = new Map<string, { msg: Uint8Array; pub: Uint8Array }>();
  await Promise.all(
    entries.map(async (entry) => {
      const pub = keys.get(entry.keyId);
      if (pub === undefined) return;
      let sig: Uint8Array;
      let msg: Uint8Array;
      try {
        sig = fromBase64Url(entry.sig);
        msg = eventSigningBytes(entry.event);
      } catch {
        return; // a malformed entry: applying it says why
      }
      if (await check(sig, msg, pub)) confirmed.set(entry.sig, { msg, pub });
    }),
  );
  return (sig, msg, pub) => {
    const known = confirmed.get(toBase64Url(sig));
    return (known !== undefined && bytesEqual(known.pub, pub) && bytesEqual(known.msg, msg)) || fallback(sig, msg, pub);
  };
}
