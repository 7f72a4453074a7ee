/**
 * Freezes a JSON-like value and everything in it, and returns it. Tally shares parsed values
 * between readers instead of copying them (one parse per value, not per read); frozen, no reader
 * can change what another reads, and code that tries fails loudly (TypeError in strict mode).
 * Children are walked without building an array of them (Object.values): every state value the
 * custody rules write passes through here.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) if (Object.hasOwn(record, key)) deepFreeze(record[key]);
  }
  return value;
}
