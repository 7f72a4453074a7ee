/**
 * SPEC 2's key check (no torsion component) on OpenSSL's X25519 for Node callers of replayLog
 * and verifyBundle: the same verdict as the default @noble scalar multiplication
 * (test/ledger/crypto/node-subgroup.test.ts checks both on keys with every torsion component),
 * for about a tenth of the cost. Node only; browsers keep the default.
 */
export { nodeSubgroupCheck } from '../ledger/crypto/node-subgroup.js';
