import { isTallyError } from '../../../ledger/errors.js';
import { nodeVerify, nodeVerifyOnPool } from '../../node-verify.js';
import { nodeSubgroupCheck } from '../../node-subgroup.js';
import { nodeHashes } from '../../node-hashes.js';
import { bundleClaims, verifyBundle } from '../../verify/index.js';
import { positional, readJsonFile, type Command } from '../context.js';
import { formatShare } from '../format.js';
import { formatMass } from '../mass.js';
import { logKeyArg, LOG_KEY_OPTION } from '../log-key.js';
import { CLAIM_DETAILS, claimFlags } from './claims.js';
import { policyOf, POLICY_OPTION } from '../policy-option.js';

export const verify: Command = {
  name: 'verify',
  summary: 'Verify an audit bundle offline, knowing only the log key; recompute the batch and its claims',
  usage: "tally verify <bundle.json> --log-key <verifier key string | log-key.pub> [--claim '<kind[>=share]>' ...] [--policy <tlog-policy file>] [--json]",
  examples: ["tally verify cable.bundle.json --log-key log-key.pub --claim 'recycled>=0.3' --claim not-exported"],
  details: [
    ...CLAIM_DETAILS,
    'not-exported is INCONCLUSIVE from a bundle: it shows no export in the lineage up to its checkpoint, but an export',
    'elsewhere or later needs the full log (tally replay) or the server (tally claims) to rule out. It never fails the exit code.',
  ],
  options: { ...LOG_KEY_OPTION, claim: { type: 'string', multiple: true }, ...POLICY_OPTION },
  async run(args) {
    const file = positional(args, 'bundle file', this);
    const logKey = logKeyArg(args);
    const claimList = claimFlags(args);
    try {
      const policy = policyOf(args);
      const verified = await verifyBundle(readJsonFile(file), logKey, { verify: nodeVerify, checkAhead: nodeVerifyOnPool, subgroupCheck: nodeSubgroupCheck, hashes: nodeHashes, ...(policy ? { policy } : {}) });
      const p = verified.provenance;
      const claims = claimList.length > 0 ? await bundleClaims(verified, claimList as never) : undefined;
      const claimLine = (r: NonNullable<typeof claims>['results'][number]) => {
        const what = `${r.kind}${r.atLeast !== undefined ? ` >= ${formatShare(r.atLeast)}` : ''}`;
        if (!r.conclusive) {
          return r.holds
            ? `  INCONCLUSIVE ${what}: no export in the lineage up to entry ${verified.checkpoint.size - 1}; only the full log can show none happened elsewhere or after`
            : `  FAILS ${what}`;
        }
        return `  ${r.holds ? 'HOLDS' : 'FAILS'} ${what}`;
      };
      const lines = [
        `VALID bundle for ${verified.batch.id}: ${verified.seqs.length} entries, all proven in the tree of ${verified.checkpoint.size} entries signed by the log key`,
        `  recomputed from the entries alone: ${verified.batch.material} ${verified.batch.form}, ${formatMass(verified.batch.massG)}`,
        `  recycled ${formatShare(p.shares.recycled)}, home origin ${formatShare(p.shares.homeOrigin)}, home recycled ${formatShare(p.shares.homeRecycled)}, model ${p.model}`,
        ...(claims?.results.map(claimLine) ?? []),
        ...verified.limits.map((l) => `  limit: ${l}`),
      ];
      const holds = claims ? claims.results.every((r) => r.holds) : true;
      return { json: { ok: true, batch: verified.batch, provenance: p, claims, checkpoint: verified.checkpoint, limits: verified.limits }, text: lines.join('\n'), exitCode: holds ? 0 : 1 };
    } catch (err) {
      if (!isTallyError(err)) throw err;
      return { json: { ok: false, code: err.code, message: err.message, path: err.path }, text: `INVALID bundle: [${err.code}] ${err.message}`, exitCode: 1 };
    }
  },
};
