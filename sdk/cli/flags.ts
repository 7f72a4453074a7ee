import { MassError, parseMass } from './mass.js';
import { UsageError } from './context.js';

/** A mass flag (`12.5t`, `800kg`, `1200g`) in grams; a bad one is a usage error saying why. */
export function massFlag(text: string, flag = '--mass'): number {
  try {
    return parseMass(text);
  } catch (err) {
    if (err instanceof MassError) throw new UsageError(`${flag} ${err.message}`);
    throw err;
  }
}

/** `name=value` into its two halves (`--in cu-1=12t`). */
export function pair(text: string, flag: string, example: string): [string, string | undefined] {
  const at = text.indexOf('=');
  if (at === 0) throw new UsageError(`${flag} "${text}": write ${example}`);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** One of the allowed words, or a usage error listing them. */
export function oneOf<T extends string>(text: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`${flag} "${text}" is not one of ${allowed.join(', ')}`);
  return text as T;
}
