/**
 * Masses as people write them (tonnes, kilograms) and as the ledger signs them (integer grams,
 * SPEC 1). Conversion is exact decimal arithmetic on the text: 17.95 t is 17,950,000 g, never
 * 17,949,999 through a float.
 */

export type MassUnit = 't' | 'kg';

const GRAMS_PER: Record<MassUnit, number> = { t: 1_000_000, kg: 1_000 };
const DECIMALS: Record<MassUnit, number> = { t: 6, kg: 3 };

/** The grams `text` means in `unit`, or a sentence saying why it is not a mass. */
export function parseMass(text: string, unit: MassUnit): { grams: number } | { error: string } {
  const trimmed = text.trim().replace(/,/g, '');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
  if (!match) return { error: `write a number of ${unit === 't' ? 'tonnes' : 'kilograms'}, such as ${unit === 't' ? '12.5' : '850'}` };
  const [, whole, fraction = ''] = match;
  if (fraction.length > DECIMALS[unit]) return { error: `at most ${DECIMALS[unit]} decimals in ${unit}: the ledger counts whole grams` };
  const grams = Number(whole) * GRAMS_PER[unit] + Number(fraction.padEnd(DECIMALS[unit], '0'));
  if (!Number.isSafeInteger(grams)) return { error: 'too large' };
  if (grams < 1) return { error: 'must be at least 1 g' };
  return { grams };
}

/** `12.5 t`, `850 kg`, `3 g`: tonnes from a tonne up, trailing zeros dropped, grams exact. */
export function formatMass(grams: number | bigint | string): string {
  const g = BigInt(grams);
  const negative = g < 0n;
  const abs = negative ? -g : g;
  const [unit, per] = abs >= 1_000_000n ? (['t', 1_000_000n] as const) : abs >= 1_000n ? (['kg', 1_000n] as const) : (['g', 1n] as const);
  const whole = (abs / per).toLocaleString('en-GB');
  const digits = per.toString().length - 1;
  const fraction = digits === 0 ? '' : (abs % per).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${negative ? '−' : ''}${whole}${fraction ? '.' + fraction : ''} ${unit}`;
}

/** A share as a percentage with up to four decimals, as the demo prints SPEC 4's worked example. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(4).replace(/\.?0+$/, '')}%`;
}
