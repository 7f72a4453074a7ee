import { isTallyError } from '../../../ledger/errors.js';
import { nodeVerify } from '../../node-verify.js';
import { bundleClaims, verifyBundle } from '../../verify/index.js';
import { policyOf, POLICY_OPTION } from '../policy-option.js';
import { readJsonFile, requiredOption, UsageError, type Command } from '../context.js';
import { formatShare, parseClaim } from '../format.js';

export const verify: Command = {
  name: 'verify',
  summary: 'Verify an audit bundle offline, knowing only the log key; recompute the batch and its claims',
  usage: 'tally verify <bundle.json> --log-key <verifier key string> [--claim <kind[>=share]> ...] [--policy <tlog-policy file>] [--json]',
  options: { 'log-key': { type: 'string', default: process.env.TALLY_LOG_KEY }, claim: { type: 'string', multiple: true }, ...POLICY_OPTION },
  async run(args) {
    const [file] = args.positionals;
    if (!file) throw new UsageError(`usage: ${this.usage}`);
    const logKey = requiredOption(args, 'log-key');
    const claimTexts = (args.values.claim as string[] | undefined) ?? [];
    let claimList;
    try {
      claimList = claimTexts.map(parseClaim);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    try {
      const policy = policyOf(args);
      const verified = await verifyBundle(readJsonFile(file), logKey, { verify: nodeVerify, ...(policy ? { policy } : {}) });
      const p = verified.provenance;
      const claims = claimList.length > 0 ? await bundleClaims(verified, claimList as never) : undefined;
      const lines = [
        `VALID bundle for ${verified.batch.id}: ${verified.seqs.length} entries, all proven in the tree of ${verified.checkpoint.size} entries signed by the log key`,
        `  recomputed from the entries alone: ${verified.batch.material} ${verified.batch.form}, ${verified.batch.massG} g`,
        `  recycled ${formatShare(p.shares.recycled)}, home origin ${formatShare(p.shares.homeOrigin)}, home recycled ${formatShare(p.shares.homeRecycled)}, model ${p.model}`,
        ...(claims?.results.map((r) => `  ${r.holds ? 'HOLDS' : 'FAILS'} ${r.kind}${r.atLeast !== undefined ? ` >= ${formatShare(r.atLeast)}` : ''}${r.conclusive ? '' : ' (up to the checkpoint only)'}`) ?? []),
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
