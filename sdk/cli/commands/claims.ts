import { CONNECTION_OPTIONS, clientFor, problemResult, UsageError, type Command } from '../context.js';
import { formatShare, parseClaim } from '../format.js';

export const claims: Command = {
  name: 'claims',
  summary: 'Check claims against a batch on the server (recycled>=0.3, home-processed, not-exported, ...)',
  usage: 'tally claims <batch> --claim <kind[>=share]> [--claim ...] --key <keyfile> --as <participant> [--url <server>] [--json]',
  options: { ...CONNECTION_OPTIONS, claim: { type: 'string', multiple: true } },
  async run(args) {
    const [batch] = args.positionals;
    const texts = (args.values.claim as string[] | undefined) ?? [];
    if (!batch || texts.length === 0) throw new UsageError(`name a batch and at least one --claim\nusage: ${this.usage}`);
    let list;
    try {
      list = texts.map(parseClaim);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { data, error } = await clientFor(args).POST('/v1/claims/verify', { body: { batch, claims: list as never } });
    if (error) return problemResult(error);
    const lines = data.results.map(
      (r) => `${r.holds ? 'HOLDS ' : 'FAILS '} ${r.kind}${r.atLeast !== undefined ? ` >= ${formatShare(r.atLeast)}` : ''}${r.share !== undefined ? `: ${formatShare(r.share)}` : ''} [${r.model}]`,
    );
    return { json: data, text: [`claims on ${batch}:`, ...lines].join('\n'), exitCode: data.results.every((r) => r.holds) ? 0 : 1 };
  },
};
