// The reference generator's timestamp normalisation (dateutil parse, to UTC, microseconds rounded
// to milliseconds half-to-even, rendered with "Z"). Unparseable text is hashed as written, as there.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** @throws Error when rounding reaches a whole second, where Python's datetime.replace fails too. */
export function normaliseTimestamp(text: string): string {
  const m = ISO.exec(text);
  if (!m) return text;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return text;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return text;
  // dateutil keeps six digits of the fraction; round(microsecond, -3) rounds ties to even.
  const micro = m[7] === undefined ? 0 : Number(m[7].padEnd(6, '0').slice(0, 6));
  const millis = roundMicrosToMillis(micro);
  if (millis >= 1000) throw new Error(`the reference generator cannot normalise the time '${text}'`);
  const offsetMinutes = parseOffset(m[8]);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // not Date.UTC, which shifts years below 100 to 19xx
  d.setUTCHours(hour, minute, second, millis);
  return new Date(d.getTime() - offsetMinutes * 60_000).toISOString();
}

function parseOffset(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0; // naive times: the reference runs in UTC
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

function roundMicrosToMillis(micro: number): number {
  const q = Math.floor(micro / 1000);
  const r = micro % 1000;
  if (r !== 500) return r > 500 ? q + 1 : q;
  return q % 2 === 0 ? q : q + 1;
}
