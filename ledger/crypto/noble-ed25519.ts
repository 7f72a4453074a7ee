import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';

/**
 * The one place that wires @noble/ed25519's synchronous API: v3 leaves `hashes.sha512` unset and
 * its sync functions throw until it is set. Doing it at module initialisation (idempotently, with
 * a pure function) keeps every caller synchronous without a setup step. Import `ed` from here,
 * never from '@noble/ed25519' directly, so the wiring is guaranteed to have run.
 */
ed.hashes.sha512 = sha512;

export { ed };
