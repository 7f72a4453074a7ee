/**
 * The SDK's Node-only helpers (`@tally-ledger/sdk/node`): OpenSSL signature checks and hashes (much faster
 * than the browser-safe default), a checkpoint record on disk, and key files as `tally keygen`
 * writes them.
 */
export { nodeVerify } from './node-verify.js';
export { nodeHashes } from './node-hashes.js';
export { FileCheckpointStore } from './checkpoint-store-file.js';
export { readKeyFile, writeKeyFile, type KeyPair } from './node/key-file.js';
