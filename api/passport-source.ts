import { TallyError } from '../ledger/errors.js';
import type { VerifyFn } from '../ledger/crypto/signature.js';
import { fromBase64Url } from '../ledger/encoding/bytes.js';
import { nodeSubgroupCheck } from '../ledger/crypto/node-subgroup.js';
import { nodeHashes } from '../ledger/crypto/node-hashes.js';
import { stateKeys } from '../ledger/custody/keys.js';
import { parseCheckpoint } from '../ledger/log/checkpoint.js';
import { batchCredentialsOf, type BatchCredentials } from '../ledger/interop/untp/batch-credentials.js';
import { didKeyOf } from '../ledger/interop/untp/did-key.js';
import { currentKeyAtSize } from '../ledger/interop/untp/issuer-key.js';
import { assembleBundle, assembleBundleAt, assembleBundleAtJsonBytes, assembleBundleJsonBytes } from '../ledger/store/bundle-source.js';
import type { Ledger } from '../ledger/store/ledger.js';
import type { AuditBundle } from '../schemas/bundle.js';
import type { Entry } from '../schemas/entry.js';
import type { ParticipantState } from '../schemas/state.js';

/**
 * The bundle at the latest checkpoint (with the cosignatures collected so far, when witnessed), or
 * pinned at `size` (SPEC 6 `bundle?size=N`), whose checkpoint is the one the log signed then.
 */
export async function bundleFor(ledger: Ledger, id: string, size: number | undefined, verify: VerifyFn, cosigned?: () => string): Promise<AuditBundle> {
  const bundle = size === undefined ? await assembleBundle(ledger, id, cosigned) : await assembleBundleAt(ledger, id, size, verify, nodeSubgroupCheck);
  if (bundle === undefined) throw new TallyError('not_found', `no batch ${id}`);
  return bundle;
}

/** {@link bundleFor} as the UTF-8 JSON the bundle route serves (entries as the log stores them). */
export async function bundleJsonFor(ledger: Ledger, id: string, size: number | undefined, verify: VerifyFn, cosigned?: () => string): Promise<Buffer> {
  const bytes = size === undefined ? await assembleBundleJsonBytes(ledger, id, cosigned) : await assembleBundleAtJsonBytes(ledger, id, size, verify, nodeSubgroupCheck);
  if (bytes === undefined) throw new TallyError('not_found', `no batch ${id}`);
  return bytes;
}

/**
 * The passport and DTE of a batch at a tree size (the latest when absent), from its bundle, so
 * that what is served is exactly what a verifier rebuilds from that bundle. The issuer is the
 * custodian's current key at that size.
 */
export async function passportSourceOf(ledger: Ledger, id: string, size: number | undefined, verify: VerifyFn): Promise<BatchCredentials & { bundle: AuditBundle }> {
  const bundle = await bundleFor(ledger, id, size, verify);
  const checkpoint = parseCheckpoint(bundle.checkpoint, ledger.info.logKey, verify);
  const custodian = (await ledger.state.get(stateKeys.participant(bundle.batch.custodian))) as ParticipantState | undefined;
  const key = custodian && currentKeyAtSize(custodian.keys, checkpoint.size);
  if (!custodian || !key) throw new TallyError('store_corrupt', `custodian ${bundle.batch.custodian} has no key valid at size ${checkpoint.size}`);
  const credentials = batchCredentialsOf({
    origin: ledger.info.origin,
    batch: bundle.batch,
    checkpoint: { size: checkpoint.size, rootHash: checkpoint.rootHash },
    entries: bundle.entries.map((e) => e.entry as Entry),
    issuer: { id: didKeyOf(fromBase64Url(key.publicKey)), name: custodian.name },
    hashes: nodeHashes,
  });
  return { ...credentials, bundle };
}
