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
  // Members are mostly strings and numbers: only objects are recursed into, which saves a call
  // per primitive member (most of what a state value holds).
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) deepFreeze(item);
    }
  } else {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const member = record[key];
      if (typeof member === 'object' && member !== null && Object.hasOwn(record, key)) deepFreeze(member);
    }
  }
  return value;
}
