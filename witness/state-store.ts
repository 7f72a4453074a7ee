import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../ledger/encoding/bytes.js';

/** What a witness remembers of one log: the latest checkpoint it cosigned, with its cosignature. */
export interface WitnessRecord {
  origin: string;
  size: number;
  rootHash: string;
  /** The checkpoint as submitted plus the witness's cosignature line (what the monitoring GET serves). */
  checkpoint: string;
}

/**
 * One small file per log origin, `<sha256(origin) hex>.json`, replaced atomically: written to a
 * temporary file, fsynced, renamed over the old one, and the directory fsynced, so after a crash
 * the witness holds either the old record or the new one, never a torn file, and a cosignature
 * is only returned once its record survives a power cut.
 */
export class WitnessStateStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  static fileName(origin: string): string {
    return `${toHex(sha256(utf8Encode(origin)))}.json`;
  }

  get(origin: string): WitnessRecord | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.dir, WitnessStateStore.fileName(origin)), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    const record = JSON.parse(text) as WitnessRecord;
    if (record.origin !== origin) throw new Error(`witness state for ${origin} names another origin`);
    return record;
  }

  /** Durable when it returns. */
  put(record: WitnessRecord): void {
    const name = WitnessStateStore.fileName(record.origin);
    const temp = join(this.dir, `.${name}.${process.pid}.tmp`);
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify(record) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(this.dir, name));
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }
}
