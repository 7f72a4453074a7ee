import { clientFor, CONNECTION_OPTIONS, listOption, positional, problemResult, UsageError, type Command } from '../context.js';
import { formatShare, parseClaim } from '../format.js';

export const CLAIM_DETAILS = [
  "Claims: recycled, pre-consumer, post-consumer, home-origin, home-recycled take a share ('recycled>=0.3' or 'recycled>=30%');",
  'home-processed and not-exported take none. QUOTE a claim with >=: unquoted, the shell reads > as a redirect.',
];

/** The --claim flags, parsed; a mistake is a usage error. */
export function claimFlags(args: Parameters<Command['run']>[0]): Array<{ kind: string; atLeast?: number }> {
  try {
    return listOption(args, 'claim').map(parseClaim);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export const claims: Command = {
  name: 'claims',
  summary: "Check claims against a batch on the server (exit 1 if one fails)",
  usage: "tally claims <batch> --claim '<kind[>=share]>' [--claim ...] [--json]",
  examples: ["tally claims cable-6242y-2026-w14 --claim 'recycled>=0.3' --claim 'home-origin>=0.3' --claim not-exported"],
  details: CLAIM_DETAILS,
  options: { ...CONNECTION_OPTIONS, claim: { type: 'string', multiple: true } },
  async run(args) {
    const batch = positional(args, 'batch', this);
    const list = claimFlags(args);
    if (list.length === 0) throw new UsageError(`give at least one --claim\nusage: ${this.usage}`);
    const { data, error } = await clientFor(args).POST('/v1/claims/verify', { body: { batch, claims: list as never } });
    if (error) return problemResult(error);
    const lines = data.results.map(
      (r) => `${r.holds ? 'HOLDS ' : 'FAILS '} ${r.kind}${r.atLeast !== undefined ? ` >= ${formatShare(r.atLeast)}` : ''}${r.share !== undefined ? `: ${formatShare(r.share)}` : ''} [${r.model}]`,
    );
    return { json: data, text: [`claims on ${batch}:`, ...lines].join('\n'), exitCode: data.results.every((r) => r.holds) ? 0 : 1 };
  },
};
