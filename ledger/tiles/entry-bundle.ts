import { TallyError } from '../errors.js';

/**
 * C2SP tlog-tiles entry bundles: each entry's bytes with a big-endian uint16 length prefix, one
 * after another. An entry of more than 65,535 bytes cannot be written, which is why the log
 * refuses such entries at submission (SPEC 5.1).
 */

/** Largest entry (leaf bytes) an entry bundle can hold. */
export const MAX_ENTRY_BYTES = 0xffff;

/**
 * Concatenates length-prefixed entries.
 * @throws TallyError `entry_too_large` for an entry longer than {@link MAX_ENTRY_BYTES}.
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_BYTES) throw new TallyError('entry_too_large', `an entry of ${entry.length} bytes exceeds ${MAX_ENTRY_BYTES}`);
    total += 2 + entry.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const entry of entries) {
    out[at] = entry.length >> 8;
    out[at + 1] = entry.length & 0xff;
    out.set(entry, at + 2);
    at += 2 + entry.length;
  }
  return out;
}

/**
 * Splits an entry bundle into its entries (views into `bundle`).
 * @throws TallyError `invalid_tile` when a length prefix runs past the end.
 */
export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bundle.length) {
    if (at + 2 > bundle.length) throw new TallyError('invalid_tile', 'entry bundle ends inside a length prefix');
    const length = (bundle[at]! << 8) | bundle[at + 1]!;
    if (at + 2 + length > bundle.length) throw new TallyError('invalid_tile', 'entry bundle ends inside an entry');
    entries.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}
