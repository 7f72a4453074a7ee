import { TallyError } from '../errors.js';
import type { KeyRange, KvBackend } from './backend.js';

/**
 * The backend a ledger serves from, which it can swap for a freshly opened one (after a failed
 * write, see Ledger). While no backend is attached, every read answers `unavailable` (503) rather
 * than failing on a closed database.
 */
export class SwitchableBackend implements KvBackend {
  constructor(private current: KvBackend | undefined) {}

  /** Detaches the current backend (the caller closes it); reads answer `unavailable` until attach. */
  detach(): KvBackend | undefined {
    const previous = this.current;
    this.current = undefined;
    return previous;
  }

  attach(backend: KvBackend): void {
    this.current = backend;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live().get(key);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    return this.live().getMany(keys);
  }

  async *scan(range: KeyRange): AsyncIterable<[string, string]> {
    yield* this.live().scan(range);
  }

  async write(puts: ReadonlyArray<readonly [string, string]>): Promise<void> {
    return this.live().write(puts);
  }

  async close(): Promise<void> {
    await this.detach()?.close();
  }

  private live(): KvBackend {
    if (this.current === undefined) throw new TallyError('unavailable', 'the store is being reopened after a failed write');
    return this.current;
  }
}
