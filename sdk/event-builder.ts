import { publicKeyOf } from '../ledger/crypto/keys.js';
import { signEvent } from '../ledger/log/event-signing.js';
import type { Envelope } from '../schemas/entry.js';
import type { TallyEvent } from '../schemas/events.js';

/** The fields of one event type, without those every event shares (filled in by the builder). */
export type EventFields<T extends TallyEvent['type']> = Omit<Extract<TallyEvent, { type: T }>, 'v' | 'ledger' | 'id' | 'type' | 'actor' | 'at'> & {
  /** Overrides of the shared fields (an id of the caller's choosing, a past `at` for offline capture). */
  id?: string;
  at?: string;
};

/**
 * Signs events as one participant of one ledger: fills `v`, `ledger`, `actor`, a fresh `id`
 * and `at`, then signs `"tally/event/v1\n" || JCS(event)` (SPEC 2). Browser-safe.
 * @example
 * const recycler = new EventSigner({ ledger: 'localhost/tally', actor: 'acme-metals', secretKey });
 * const envelope = recycler.sign('batch.register', { batch: {...}, origin: { kind: 'post-consumer', country: 'GB' } });
 */
export class EventSigner {
  readonly publicKey: Uint8Array;
  private counter = 0;

  constructor(private readonly options: { ledger: string; actor: string; secretKey: Uint8Array; now?: () => Date }) {
    this.publicKey = publicKeyOf(options.secretKey);
  }

  get actor(): string {
    return this.options.actor;
  }

  sign<T extends TallyEvent['type']>(type: T, fields: EventFields<T>): Envelope<Extract<TallyEvent, { type: T }>> {
    const { id, at, ...rest } = fields;
    const now = (this.options.now ?? (() => new Date()))();
    const event = {
      v: 1 as const,
      ledger: this.options.ledger,
      id: id ?? `${this.options.actor}:${now.getTime().toString(36)}:${(this.counter++).toString(36)}`,
      type,
      actor: this.options.actor,
      at: at ?? now.toISOString(),
      ...rest,
    } as unknown as Extract<TallyEvent, { type: T }>;
    return signEvent(event, this.options.secretKey);
  }
}
