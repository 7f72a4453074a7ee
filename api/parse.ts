import type { z } from 'zod';
import { TallyError } from '../ledger/errors.js';

/**
 * Parses input from outside with a schema, turning the first failure into a TallyError that
 * carries the path of the offending field.
 * @throws TallyError with `code` (default `invalid_query`)
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, code: 'invalid_query' | 'invalid_event' = 'invalid_query'): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // An unknown parameter is reported at the object; the path should name the parameter itself.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]!);
  const where = path.length > 0 ? ` at ${path.join('.')}` : '';
  throw new TallyError(code, `${issue.message}${where}`, path);
}
