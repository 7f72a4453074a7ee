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

/**
 * How far `at` may lie before the entry's `recordedAt`: 31 days (docs/protocol-notes.md). Sites
 * that capture offline catch up within a month; a bound is needed because retention counters are
 * bucketed by the day of `at`, and an unbounded back-date lets anyone create a bucket for every
 * day since 1970 and rewrite the figures of any closed period. With it, a period's figures are
 * final 31 days after it ends.
 */
export const PAST_BOUND_MS = 31 * 24 * 60 * 60 * 1000;

/**
 * Refuses an event whose `at` is more than {@link PAST_BOUND_MS} before `recordedAt`.
 * Requires both to be valid timestamps (checked by the schema and assertNotInFuture).
 * @throws TallyError `event_too_old`
 */
export function assertNotTooOld(at: string, recordedAt: string): void {
  const behind = Date.parse(recordedAt) - Date.parse(at);
  if (behind > PAST_BOUND_MS) {
    throw new TallyError('event_too_old', `at is ${Math.floor(behind / 86_400_000)} days before the server clock; at most 31 days allowed`, ['event', 'at']);
  }
}

/** The UTC day `YYYY-MM-DD` of a timestamp; the retention report buckets by it. */
export function dayOf(at: string): string {
  return at.slice(0, 10);
}
