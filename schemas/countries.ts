import countries from 'i18n-iso-countries';

/**
 * Officially assigned ISO 3166-1 alpha-2 codes (SPEC 1), from `i18n-iso-countries`, a maintained
 * list whose browser entry carries the codes without any locale, so the SDK can use it too.
 * That list also has `XK` (Kosovo), a user-assigned code ISO 3166-1 has not assigned: left out.
 */
const NOT_OFFICIALLY_ASSIGNED = new Set(['XK']);

export const ASSIGNED_COUNTRIES: ReadonlySet<string> = new Set(
  Object.keys(countries.getAlpha2Codes()).filter((code) => !NOT_OFFICIALLY_ASSIGNED.has(code)),
);

/**
 * The assigned code commonly meant by a code that is reserved or retired rather than assigned:
 * ISO 3166-1's exceptional reservations (UK for the United Kingdom, EL used by the EU for Greece,
 * FX metropolitan France, EA/IC Ceuta, Melilla and the Canaries, AC/TA Ascension and Tristan da
 * Cunha, DG Diego Garcia, CP Clipperton) and codes withdrawn from countries that kept existing
 * under another (BU Burma, SF Finland, TP East Timor, ZR Zaire). Hints for the message only.
 */
const COMMONLY_MEANT: Readonly<Record<string, string>> = {
  UK: 'GB',
  EL: 'GR',
  FX: 'FR',
  EA: 'ES',
  IC: 'ES',
  AC: 'SH',
  TA: 'SH',
  DG: 'IO',
  CP: 'FR',
  BU: 'MM',
  SF: 'FI',
  TP: 'TL',
  ZR: 'CD',
};

export function isAssignedCountry(code: string): boolean {
  return ASSIGNED_COUNTRIES.has(code);
}

/** Why `code` is refused, naming the assigned code where one is commonly meant; undefined if it is assigned. */
export function countryProblem(code: string): string | undefined {
  if (isAssignedCountry(code)) return undefined;
  const meant = COMMONLY_MEANT[code];
  return meant !== undefined
    ? `${code} is not an officially assigned ISO 3166-1 alpha-2 code; use ${meant}`
    : `${code} is not an officially assigned ISO 3166-1 alpha-2 code`;
}
