import { TallyError } from '../errors.js';
import { isTimestamp } from '../../schemas/primitives.js';

/** SPEC 3: `at` may be at most this far ahead of the server's clock. */
export const FUTURE_BOUND_MS = 5 * 60 * 1000;

/**
 * Refuses an event whose `at` is more than 5 minutes after the entry's `recordedAt`. The bound
 * is judged against `recordedAt` rather than a clock so that replay gives the same verdict.
 * Requires `at` to be a valid timestamp (the schema checked it).
 * @throws TallyError `event_in_future`; `invalid_event` if `recordedAt` is not a timestamp.
 */
export function assertNotInFuture(at: string, recordedAt: string): void {
  if (!isTimestamp(recordedAt)) throw new TallyError('invalid_event', 'entry recordedAt is not an RFC 3339 UTC time', ['recordedAt']);
  const ahead = Date.parse(at) - Date.parse(recordedAt);
  if (ahead > FUTURE_BOUND_MS) {
    throw new TallyError('event_in_future', `at is ${Math.ceil(ahead / 1000)} s ahead of the server clock; at most 300 s allowed`, ['event', 'at']);
  }
}

/** The UTC day `YYYY-MM-DD` of a timestamp; the retention report buckets by it. */
export function dayOf(at: string): string {
  return at.slice(0, 10);
}
