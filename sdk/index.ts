/**
 * The Tally SDK's public surface. Everything here runs in a browser; Node-only helpers are
 * imported by path: `sdk/node-verify.js` (OpenSSL signature checks) and
 * `sdk/checkpoint-store-file.js` (a checkpoint record on disk).
 */
export {
  verifyCheckpoint,
  verifyInclusionProof,
  verifyConsistencyProof,
  verifyEventSignature,
  verifyEntrySigner,
  CheckpointTracker,
  MemoryCheckpointStore,
  verifyBundle,
  bundleClaims,
  type CheckpointStore,
  type VerifiedCheckpoint,
  type VerifiedBundle,
} from './verify/index.js';
export { replayLog, type ReplayOptions, type ReplayResult, type ReplaySummary, type ReplayFailure } from './replay.js';
export { signRequest, type RequestSigner } from './request-signing.js';
export { issuePassport, verifyPassport, type VerifiedPassport, type VerifyPassportOptions } from './passport.js';
export { fromEpcis, type ImportedEvent, type ImportOptions } from '../ledger/interop/epcis/import.js';
