import { z } from 'zod';

/**
 * A strict object schema whose fields are declared in RFC 8785 (JCS) order: keys sorted by UTF-16
 * code units, as `Array.prototype.sort` compares strings. Zod builds its output in the order of
 * the shape, so every value an event schema returns is then already canonical, and `canonicalize`
 * writes it with `JSON.stringify` after one ordered walk (ledger/encoding/jcs-fast-path.ts) instead
 * of sorting each object: the server canonicalises every submitted event it validates, and a
 * replay every entry it applies. Declaration order in the source stays what reads best.
 */
export function canonicalObject<S extends z.ZodRawShape>(shape: S) {
  const sorted = Object.fromEntries(Object.keys(shape).sort().map((key) => [key, shape[key]])) as S;
  return z.strictObject(sorted);
}
