// Identifiers under the ledger's origin (SPEC 6.2), shared by the EPCIS and UNTP mappings and by
// the EPCIS import, which reads them back.

export const batchUrl = (origin: string, id: string): string => `https://${origin}/batch/${id}`;
export const participantUrl = (origin: string, id: string): string => `https://${origin}/participant/${id}`;
export const siteUrl = (origin: string, participant: string, site: string): string => `${participantUrl(origin, participant)}/site/${site}`;
/** The `tally:` extension namespace of a ledger's EPCIS documents. */
export const tallyNamespace = (origin: string): string => `https://${origin}/ns/`;
export const countryUrn = (country: string): string => `urn:iso:std:iso:3166:-1:${country}`;

/** Kilograms as the exact decimal of integer grams (1500 -> 1.5, 1 -> 0.001). */
export function kilogramsOfGrams(grams: number): number {
  const negative = grams < 0;
  const digits = Math.abs(grams).toString().padStart(4, '0');
  const text = `${digits.slice(0, -3)}.${digits.slice(-3)}`.replace(/\.?0+$/, '');
  return Number((negative ? '-' : '') + text);
}

/**
 * Integer grams of a kilogram figure written as a decimal, or undefined when it is not a whole
 * number of grams (the EPCIS import refuses those rather than round).
 */
export function gramsOfKilograms(kg: number | string): number | undefined {
  const text = typeof kg === 'number' ? String(kg) : kg.trim();
  const m = /^(\d+)(?:\.(\d{1,3})0*)?$/.exec(text);
  if (!m) return undefined;
  const grams = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return Number.isSafeInteger(grams) ? grams : undefined;
}
