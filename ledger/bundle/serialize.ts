import type { AuditBundle } from '../../schemas/bundle.js';

/**
 * The JSON text of an audit bundle as a response carries it. A bundle of a deep batch holds
 * thousands of entries (15 MB for 10,019 of them), and `JSON.stringify` of the whole object
 * took 98 ms on the 2-core bench machine; writing each entry as the leaf text the log stores
 * (the JCS it was parsed from) and each proof as its hex strings took 39 ms, for the very same
 * text (a scratch measurement; bench/deep-lineage.ts times the whole served path and checks that
 * both texts are equal).
 *
 * The result is the same JSON value as `JSON.stringify(bundle)`: a leaf is the JCS of its entry,
 * and JCS writes strings and numbers as JSON.stringify does. Only the order of keys that look
 * like array indexes could differ (JavaScript objects put them first), which changes no value.
 * Requires `leafText(seq)` to be the stored text that `bundle`'s entry `seq` was parsed from,
 * and every proof hash to be lowercase hex, as the store's readers return them.
 */
export function bundleJson(bundle: AuditBundle, leafText: (seq: number) => string): string {
  // `entries` is the bundle's last field (buildBundle), so the rest keep their order before it.
  const { entries, ...head } = bundle;
  const written = entries.map(({ seq, proof }) => {
    const hashes = proof.length === 0 ? '[]' : `["${proof.join('","')}"]`;
    return `{"seq":${seq},"entry":${leafText(seq)},"proof":${hashes}}`;
  });
  return `${JSON.stringify(head).slice(0, -1)},"entries":[${written.join(',')}]}`;
}
