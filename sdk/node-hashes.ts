/**
 * The log's hashes on OpenSSL (`node:crypto`) for Node callers of replayLog: byte-identical to the
 * default @noble/hashes ones (test/store/node-hashes.test.ts checks both on the same inputs),
 * about three times cheaper per entry. Node only; browsers keep the default.
 */
export { nodeHashes } from '../ledger/crypto/node-hashes.js';
