/** A share as a percentage with four decimals, truncated (never rounds a claim up). */
export function formatShare(share: number): string {
  return `${(Math.floor(share * 1_000_000) / 10_000).toFixed(4)}%`;
}

/** Parses `recycled>=0.3`, `home-processed`, `not-exported` into a claim. */
export function parseClaim(text: string): { kind: string; atLeast?: number } {
  const match = /^([a-z-]+)(?:>=([0-9.]+))?$/.exec(text.trim());
  if (!match) throw new Error(`cannot read claim "${text}": write kind or kind>=share, e.g. recycled>=0.3`);
  return match[2] === undefined ? { kind: match[1]! } : { kind: match[1]!, atLeast: Number(match[2]) };
}
