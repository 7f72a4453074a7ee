/**
 * Verification with nothing but the log's pinned key: checkpoints, proofs, event signatures,
 * a tracker that catches forks, and audit bundles. Browser-safe (no Node built-ins).
 */
export { verifyCheckpoint, type Checkpoint } from './checkpoint.js';
export { verifyInclusionProof, verifyConsistencyProof, type InclusionProofJson, type ConsistencyProofJson, type TreeHead } from './proofs.js';
export { verifyEventSignature, verifyEntrySigner } from './signature.js';
export {
  CheckpointTracker,
  MemoryCheckpointStore,
  type CheckpointStore,
  type CheckpointTrackerOptions,
  type CheckpointUpdate,
  type FetchConsistencyProof,
  type VerifiedCheckpoint,
} from './checkpoint-tracker.js';
export { verifyBundle, BUNDLE_LIMITS, type VerifiedBundle, type VerifyBundleOptions } from './bundle.js';
export { bundleClaims, type BundleClaimResult, type BundleClaims } from './claims.js';
