import type { Envelope, SignedEvent } from '../../schemas/entry.js';
import type { GeneratedKey } from './keys.js';
import type { EventSigner } from './sign.js';

/**
 * Builds, signs and queues the generator's events. It numbers event ids, keeps `at` in
 * non-decreasing order, predicts the seq each event will get in a fresh ledger (genesis is 0),
 * and holds the event budget: ordinary flows stop when theirs is spent, while the events that
 * must complete (participant set-up, the deep-lineage campaign) are always emitted.
 */
export class Emitter {
  private readonly outbox: Envelope[] = [];
  private lastAt = 0;
  private emitted = 0;
  private regular = 0;
  private mandatory = 0;
  readonly countsByType = new Map<string, number>();

  constructor(
    private readonly origin: string,
    private readonly sign: EventSigner,
    private readonly keyOf: (participant: string) => GeneratedKey,
    /** Events the ordinary flows may emit. */
    private readonly regularBudget: number,
    /** Latest `at` (ms): events of tasks that run late are stamped no later. */
    private readonly maxAt = Number.MAX_SAFE_INTEGER,
    /** Seq of the first emitted event in the target ledger. */
    private readonly firstSeq = 1,
  ) {}

  /** Seq the next event will have. */
  get nextSeq(): number {
    return this.firstSeq + this.emitted;
  }

  get total(): number {
    return this.emitted;
  }

  /** Events emitted outside the budget (set-up, campaign). */
  get mandatoryEmitted(): number {
    return this.mandatory;
  }

  get regularLeft(): number {
    return this.regularBudget - this.regular;
  }

  /** True when an event of this class may still be emitted. */
  canEmit(mandatory: boolean): boolean {
    return mandatory || this.regular < this.regularBudget;
  }

  /**
   * Queues one signed event; returns its predicted seq. Ordinary events count against the budget
   * (callers check {@link canEmit} first and change their state only when the event is emitted).
   */
  emit(actor: string, type: string, fields: Record<string, unknown>, atMs: number, mandatory = false): number {
    if (!this.canEmit(mandatory)) throw new Error('event budget spent');
    this.lastAt = Math.min(this.maxAt, Math.max(this.lastAt, atMs));
    const seq = this.nextSeq;
    this.emitted++;
    if (mandatory) this.mandatory++;
    else this.regular++;
    const event = {
      v: 1 as const,
      ledger: this.origin,
      id: `e${String(this.emitted).padStart(7, '0')}`,
      type,
      actor,
      at: formatAt(this.lastAt),
      ...fields,
    } as SignedEvent;
    this.outbox.push(this.sign(event, this.keyOf(actor)));
    this.countsByType.set(type, (this.countsByType.get(type) ?? 0) + 1);
    return seq;
  }

  /** Hands over the events queued since the last drain, in order. */
  drain(): Envelope[] {
    return this.outbox.splice(0, this.outbox.length);
  }

  get lastAtMs(): number {
    return this.lastAt;
  }
}

/** RFC 3339 UTC with second precision, as SPEC 1 allows. */
export function formatAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A task of the simulation: runs at `at` (ms), ties broken by scheduling order. */
export interface Task {
  at: number;
  order: number;
  /** Part of a sequence that must complete whatever the budget (set-up, the campaign). */
  mandatory: boolean;
  run: () => void;
}

/** A binary min-heap of tasks by (at, order): the simulation's calendar. */
export class Schedule {
  private readonly heap: Task[] = [];
  private order = 0;

  get size(): number {
    return this.heap.length;
  }

  add(at: number, run: () => void, mandatory = false): void {
    const task = { at, order: this.order++, mandatory, run };
    const heap = this.heap;
    heap.push(task);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): Task | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Task, b: Task): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
