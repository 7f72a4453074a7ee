import { retentionQuerySchema, type LedgerMeta, type RetentionQuery, type RetentionReport } from '../../../schemas/state.js';
import { TallyError } from '../../errors.js';
import { addRetentionCounters, emptyRetention, type RetentionCounters } from '../aggregates.js';
import { ALL_MATERIALS, lastSegment, stateKeys } from '../keys.js';
import type { StateSource } from '../state-tx.js';

/**
 * The retention report (SPEC 6): home-origin recycled grams registered, exported (by destination,
 * as scrap or after processing), processed at home and lost, from the counters apply keeps.
 * Grams are unbounded integers as strings of digits (SPEC 1). With `material`, the grams of that
 * constituent in every batch (SPEC 4.1); without, every constituent but `other`.
 *
 * Time: every count is bucketed by the UTC day of the `at` of the event that caused it (a
 * register, a transfer or export, a transform, a retire or receive), i.e. when it happened by the
 * actor's clock, not when it was logged. `from` and `to` are days, both included.
 *
 * Cost: without `from`/`to`, one read of the all-time total. With them, one in-memory scan of the
 * day buckets of the material: O(days with activity), independent of the number of entries.
 * @throws TallyError `invalid_query` (with the path of the parameter) for a malformed query or
 *   `from` after `to`.
 */
export async function retentionReport(source: StateSource, query: RetentionQuery): Promise<RetentionReport> {
  const parsed = retentionQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TallyError('invalid_query', issue.message, issue.path.map((p) => (typeof p === 'number' ? p : String(p))));
  }
  const { material, from, to } = parsed.data;
  if (from !== undefined && to !== undefined && from > to) throw new TallyError('invalid_query', `from ${from} is after to ${to}`, ['from']);
  const meta = (await source.get(stateKeys.ledgerMeta)) as LedgerMeta;
  const scope = material ?? ALL_MATERIALS;

  let counters: RetentionCounters;
  if (from === undefined && to === undefined) {
    // Adding to empty counters also turns values stored by 1.0 code (numbers) into strings.
    counters = addRetentionCounters(emptyRetention(), ((await source.get(stateKeys.retentionTotal(scope))) as RetentionCounters | undefined) ?? emptyRetention());
  } else {
    counters = emptyRetention();
    for await (const [key, bucket] of source.scan(stateKeys.retentionDaysPrefix(scope))) {
      const day = lastSegment(key);
      if ((from === undefined || day >= from) && (to === undefined || day <= to)) {
        counters = addRetentionCounters(counters, bucket as RetentionCounters);
      }
    }
  }
  return {
    homeCountry: meta.homeCountry,
    ...(material !== undefined ? { material } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...counters,
  };
}
