import { existsSync, readdirSync } from 'node:fs';
import { BOOLEAN_CLAIM_KINDS, SHARE_CLAIM_KINDS } from '../../schemas/state.js';

/** A share as a percentage with four decimals, truncated (never rounds a claim up). */
export function formatShare(share: number): string {
  return `${(Math.floor(share * 1_000_000) / 10_000).toFixed(4)}%`;
}

/** Files a shell redirect would have made from an unquoted `recycled>=0.3` (a file named `=0.3`). */
function redirectLeftovers(): string[] {
  try {
    return readdirSync('.').filter((name) => /^=[0-9.]+%?$/.test(name) && existsSync(name));
  } catch {
    return [];
  }
}

/**
 * Parses `recycled>=0.3` (or `>=30%`), `home-processed`, `not-exported` into a claim. A share
 * claim without its share is almost always the shell at work: unquoted, `recycled>=0.3` is the
 * argument `recycled` with stdout redirected to a file named `=0.3`; the message says so.
 */
export function parseClaim(text: string): { kind: string; atLeast?: number } {
  const match = /^([a-z-]+)(?:>=([0-9.]+)(%?))?$/.exec(text.trim());
  if (!match) throw new Error(`cannot read claim "${text}": write kind or 'kind>=share', e.g. 'recycled>=0.3' (quoted)`);
  const [, kind, share, percent] = match;
  const known = [...SHARE_CLAIM_KINDS, ...BOOLEAN_CLAIM_KINDS] as readonly string[];
  if (!known.includes(kind!)) throw new Error(`"${kind}" is not a claim kind: one of ${known.join(', ')}`);
  const isShare = (SHARE_CLAIM_KINDS as readonly string[]).includes(kind!);
  if (isShare && share === undefined) {
    const leftovers = redirectLeftovers();
    throw new Error(
      `the claim "${kind}" needs a share, as in --claim '${kind}>=0.3'. Quote it: unquoted, the shell reads > as a redirect, ` +
        `passes only "${kind}" and writes the output to a file named =0.3${leftovers.length ? ` (here: ${leftovers.join(', ')}; delete it)` : ''}`,
    );
  }
  if (!isShare && share !== undefined) throw new Error(`the claim "${kind}" takes no share: write just ${kind}`);
  if (share === undefined) return { kind: kind! };
  const value = Number(share) / (percent ? 100 : 1);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`the share in "${text}" must be between 0 and 1 (or 0% and 100%)`);
  return { kind: kind!, atLeast: value };
}
