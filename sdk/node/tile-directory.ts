import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { TileFetcher } from '../tiles/tile-fetcher.js';

/**
 * A tile tree on disk, laid out exactly as C2SP tlog-tiles paths (`checkpoint`,
 * `tile/0/x001/234`, `tile/entries/000.p/17`), so any static web server can serve the directory.
 */

/** Reads tiles from a directory; a missing file is a 404. */
export function directoryTileFetcher(dir: string): TileFetcher {
  const root = resolve(dir);
  return async (path) => {
    const file = resolve(root, path);
    if (!file.startsWith(root + sep)) return undefined;
    try {
      return new Uint8Array(readFileSync(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };
}

/** A fetcher for `--from`/`--tiles`: an http(s) URL, or a directory a mirror wrote. */
export async function tileFetcherFor(source: string): Promise<TileFetcher> {
  if (/^https?:\/\//.test(source)) return (await import('../tiles/tile-fetcher.js')).httpTileFetcher(source);
  return directoryTileFetcher(source);
}

/**
 * Writes `bytes` to `dir/path` atomically and durably: a temporary file, fsync, rename, fsync of
 * the directory. A reader (nginx) sees the old file or the new one, never a torn one.
 */
export function writeFileAtomic(dir: string, path: string, bytes: Uint8Array): void {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o644);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  const dirFd = openSync(dirname(file), 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}
