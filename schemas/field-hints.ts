import type { z } from 'zod';

/**
 * Hints for a person who wrote a field the schema does not know (`mass` for `massG`): the fields
 * that are allowed at that place in the input, and the nearest one. Walks zod's schema
 * definitions alongside the input, choosing a union's option by the input's `type` discriminator.
 */

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Unwraps optional, nullable, default and pipe, and picks a union's option that fits `input`. */
function resolve(schema: z.ZodType, input: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let guard = 0; current && guard < 16; guard++) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'readonly') current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (def.type === 'union') current = def.options?.find((option) => fitsDiscriminator(option, input));
    else return current;
  }
  return undefined;
}

/** True when `option` is an object whose literal `type` field equals the input's `type`. */
function fitsDiscriminator(option: z.ZodType, input: unknown): boolean {
  const def = defOf(option);
  const typeField = def.shape?.type;
  if (!typeField || input === null || typeof input !== 'object') return false;
  return defOf(typeField).values?.includes((input as { type?: unknown }).type) ?? false;
}

/** The field names an object at `path` of `input` may have, or undefined if the path leads elsewhere. */
export function fieldsAt(schema: z.ZodType, input: unknown, path: ReadonlyArray<string | number>): string[] | undefined {
  let current = resolve(schema, input);
  let value = input;
  for (const segment of path) {
    if (!current) return undefined;
    const def = defOf(current);
    if (def.type === 'object' && typeof segment === 'string') current = def.shape?.[segment];
    else if (def.type === 'array' && typeof segment === 'number') current = def.element;
    else return undefined;
    value = (value as Record<string | number, unknown> | undefined)?.[segment];
    current = current && resolve(current, value);
  }
  const def = current && defOf(current);
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** Levenshtein distance, for short field names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known name nearest to `name`, when it is near enough to be what was meant. */
export function nearestField(name: string, known: readonly string[]): string | undefined {
  let best: { field: string; d: number } | undefined;
  for (const field of known) {
    const related = field.toLowerCase().startsWith(name.toLowerCase()) || name.toLowerCase().startsWith(field.toLowerCase());
    const d = related ? Math.min(1, distance(name, field)) : distance(name, field);
    if (!best || d < best.d) best = { field, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.field : undefined;
}

/** The message for an unknown field: names it, suggests the nearest known one, lists the rest. */
export function unknownFieldMessage(name: string, known: readonly string[] | undefined): string {
  if (!known) return `"${name}" is not a field here`;
  const near = nearestField(name, known);
  return `"${name}" is not a field here${near ? `; did you mean "${near}"?` : ''} (fields: ${known.join(', ')})`;
}
