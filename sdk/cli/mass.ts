/**
 * Masses as people write them (`12.5t`, `800kg`, `1200g`) to the integer grams of events, and
 * grams back to tonnes for display. Decimal arithmetic on the digits, never floats, so
 * `0.1t` is exactly 100000 g.
 */

const GRAMS_PER: Record<string, bigint> = { t: 1_000_000n, kg: 1_000n, g: 1n };
/** SPEC 1: one event's mass figure is at most 10^12 g (1 Mt). */
const MAX_EVENT_G = 1_000_000_000_000n;

/** Why a mass was refused; the CLI prints it as a usage error. */
export class MassError extends Error {}

/**
 * Parses `<number><unit>` with unit t, kg or g into grams.
 * @throws MassError for a missing unit, a fraction of a gram, zero, or more than 1 Mt.
 * @example parseMass('12.5t') // 12500000
 */
export function parseMass(text: string): number {
  const match = /^\s*([0-9]+)(?:\.([0-9]+))?\s*(t|kg|g)\s*$/i.exec(text);
  if (!match) {
    if (/^\s*[0-9]+(\.[0-9]+)?\s*$/.test(text)) throw new MassError(`"${text}" has no unit: write ${text}t, ${text}kg or ${text}g`);
    throw new MassError(`cannot read the mass "${text}": write a number and a unit, e.g. 12.5t, 800kg or 1200g`);
  }
  const [, whole, fraction = '', unitText] = match;
  const unit = GRAMS_PER[unitText!.toLowerCase()]!;
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole! + fraction) * unit;
  if (scaled % scale !== 0n) throw new MassError(`${text.trim()} is not a whole number of grams: masses are whole grams`);
  const grams = scaled / scale;
  if (grams < 1n) throw new MassError('a mass must be at least 1 g');
  if (grams > MAX_EVENT_G) throw new MassError(`${text.trim()} is more than one event may carry (1,000,000 t)`);
  return Number(grams);
}

/** Grams as tonnes with as many decimals as needed (up to six, i.e. to the gram): `12.5 t`. */
export function formatMass(grams: number | bigint | string): string {
  const g = BigInt(grams);
  const negative = g < 0n;
  const abs = negative ? -g : g;
  const whole = (abs / 1_000_000n).toLocaleString('en-GB');
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''} t`;
}
