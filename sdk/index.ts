/**
 * The Tally SDK's public surface (`@tally-ledger/sdk`). Everything here runs in a browser;
 * Node-only helpers are in `@tally-ledger/sdk/node` (sdk/node.ts): OpenSSL signature checks,
 * a checkpoint record on disk, key files.
 */
export { createTallyClient, entryPager, type TallyApi, type TallyClientOptions } from './client.js';
export { EventSigner, type EventFields } from './event-builder.js';
export type { paths, components } from './generated/api.js';
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
export { verifyTlogProof, writeTlogProof } from './verify/tlog-proof.js';
export { httpTileFetcher, fetchCheckpointText, type TileFetcher } from './tiles/tile-fetcher.js';
export { tileEntryPager } from './tiles/tile-entries.js';
export { mirrorTiles, type MirrorTarget } from './tiles/mirror.js';
export { parsePolicy, checkPolicy, type TlogPolicy, type PolicyVerdict } from '../ledger/witness/policy.js';
export { parseCosignerKey, verifyCosignature } from '../ledger/witness/cosignature.js';
