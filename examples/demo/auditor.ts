import { entryPager, type TallyApi } from '../../sdk/client.js';
import { formatShare } from '../../sdk/cli/format.js';
import { nodeVerify } from '../../sdk/node-verify.js';
import { nodeHashes } from '../../sdk/node-hashes.js';
import { replayLog } from '../../sdk/replay.js';
import { bundleClaims, CheckpointTracker, verifyBundle } from '../../sdk/verify/index.js';
import { heading } from './views.js';

/**
 * The auditor trusts nothing but the log's verifier key: it verifies a bundle offline, replays
 * the whole log, and pins the checkpoint so a later fork would be caught.
 */
export async function auditorView(api: TallyApi, logKey: string, batch: string): Promise<void> {
  heading('Auditor', `verifies the bundle of ${batch} offline, knowing only the log key`);
  console.log(`  pinned log key: ${logKey}`);
  const { data: bundle, error } = await api.GET('/v1/batches/{id}/bundle', { params: { path: { id: batch } } });
  if (error) throw new Error(`bundle: ${error.code}`);
  const verified = await verifyBundle(JSON.parse(JSON.stringify(bundle)), logKey, { verify: nodeVerify });
  console.log(`  ✔ checkpoint signature, ${verified.seqs.length} inclusion proofs, hash links and signatures all verify`);
  console.log(`  ✔ recomputed from the entries alone: ${verified.batch.massG} g, recycled ${formatShare(verified.provenance.shares.recycled)}, model ${verified.provenance.model}`);
  const claims = await bundleClaims(verified, [{ kind: 'recycled', atLeast: 0.3 }, { kind: 'home-recycled', atLeast: 0.5 }]);
  for (const r of claims.results) console.log(`  ${r.holds ? '✔ holds' : '✘ fails'}  ${r.kind} >= ${formatShare(r.atLeast ?? 0)} (actual ${formatShare(r.share ?? 0)})`);

  const tampered = JSON.parse(JSON.stringify(bundle)) as { entries: Array<{ entry: { event: Record<string, unknown> } }> };
  const register = tampered.entries.find((e) => e.entry.event.type === 'batch.register' && (e.entry.event.origin as { country: string }).country === 'CL');
  if (register) (register.entry.event.origin as { kind: string }).kind = 'post-consumer';
  try {
    await verifyBundle(tampered, logKey, { verify: nodeVerify });
    console.log('  ✘ a tampered bundle verified: this must never happen');
  } catch (err) {
    console.log(`  ✔ the same bundle with Chilean cathode relabelled as scrap is refused: ${(err as { code?: string }).code}`);
  }

  heading('Auditor', 'replays the whole log: every hash link, signature, rule, and the tree against the checkpoint');
  const { data: checkpoint } = await api.GET('/v1/checkpoint', { parseAs: 'text' });
  const result = await replayLog({
    logKey,
    checkpoint: checkpoint as string,
    verify: nodeVerify,
    hashes: nodeHashes,
    fetchEntries: entryPager(api),
  });
  if (!result.ok) throw new Error(`replay failed at entry ${result.failure.seq}: ${result.failure.message}`);
  console.log(`  ✔ ${result.summary.size} entries replayed in ${result.summary.durationMs.toFixed(0)} ms; root ${result.summary.rootHash.slice(0, 16)}… matches the signed checkpoint`);

  const tracker = new CheckpointTracker({ logKey, verify: nodeVerify });
  const pinned = await tracker.accept(checkpoint as string, async () => undefined);
  console.log(`  ✔ checkpoint of size ${pinned.current.size} pinned; \`tally monitor\` proves every later one extends it`);
}
