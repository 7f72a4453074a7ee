import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TallyError } from '../ledger/errors.js';
import type { CheckpointStore, VerifiedCheckpoint } from './verify/checkpoint-tracker.js';

/**
 * A {@link CheckpointStore} in one JSON file, for Node tools (the CLI, a monitor) that must
 * remember the last verified checkpoint across runs: forgetting it would let a forked log slip
 * past the next run. Node only: browsers use MemoryCheckpointStore or their own storage.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(private readonly path: string) {}

  /**
   * The recorded checkpoint, or undefined if the file does not exist. The tracker re-verifies it.
   * @throws TallyError `invalid_checkpoint` if the file is not a record of the expected shape.
   */
  async get(): Promise<VerifiedCheckpoint | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new TallyError('invalid_checkpoint', `${this.path} is not JSON`);
    }
    const record = value as Partial<VerifiedCheckpoint> | null;
    if (!record || typeof record.size !== 'number' || typeof record.rootHash !== 'string' || typeof record.checkpoint !== 'string') {
      throw new TallyError('invalid_checkpoint', `${this.path} does not hold { size, rootHash, checkpoint }`);
    }
    return { size: record.size, rootHash: record.rootHash, checkpoint: record.checkpoint };
  }

  /**
   * Replaces the record atomically: written to a temporary file, flushed, then renamed over the
   * old one, so a crash leaves either the old record or the new one, never half of each.
   */
  async set(value: VerifiedCheckpoint): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(value, null, 2) + '\n', { encoding: 'utf8', mode: 0o600, flush: true });
    await rename(temporary, this.path);
  }
}
