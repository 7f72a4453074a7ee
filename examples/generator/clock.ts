import type { Envelope } from '../../schemas/entry.js';

/**
 * A server clock that keeps pace with a generated year. The ledger refuses an event whose `at`
 * is more than 31 days before the entry's `recordedAt` (docs/protocol-notes.md), so a year set in
 * the past cannot be submitted to a ledger on the wall clock; on this clock each entry is recorded
 * at the newest `at` submitted so far, as a server taking the year live would have recorded it.
 * @example
 * const clock = new GeneratedClock(year);
 * const ledger = await Ledger.open(backend, { ...settings, clock: clock.now });
 * for (const envelope of year.events) { clock.observe(envelope); await ledger.submit(envelope); }
 */
export class GeneratedClock {
  private latest: number;

  constructor(year: { year: number }) {
    this.latest = Date.UTC(year.year, 0, 1);
  }

  /** Moves the clock on to `envelope`'s `at` if that is later; call it before submitting. */
  observe(envelope: Envelope): void {
    const at = Date.parse(envelope.event.at);
    if (at > this.latest) this.latest = at;
  }

  readonly now = (): Date => new Date(this.latest);
}
