/**
 * Freezes a JSON-like value and everything in it, and returns it. Tally shares parsed values
 * between readers instead of copying them (one parse per value, not per read); frozen, no reader
 * can change what another reads, and code that tries fails loudly (TypeError in strict mode).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
