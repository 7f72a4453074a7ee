/**
 * The SDK's Node-only helpers (`@tally-ledger/sdk/node`): OpenSSL signature checks, hashes and key
 * checks (much faster than the browser-safe defaults), a pool of worker threads checking signatures for replays,
 * a checkpoint record on disk, and key files as `tally keygen`
 * writes them.
 */
export { nodeVerify, nodeVerifyOnPool } from './node-verify.js';
export { nodeHashes } from './node-hashes.js';
export { nodeSubgroupCheck } from './node-subgroup.js';
export { VerifyPool } from './node/verify-pool.js';
export { FileCheckpointStore } from './checkpoint-store-file.js';
export { readKeyFile, writeKeyFile, type KeyPair } from './node/key-file.js';
