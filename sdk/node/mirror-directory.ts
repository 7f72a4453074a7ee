import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { MirrorTarget } from '../tiles/mirror.js';
import { directoryTileFetcher, writeFileAtomic } from './tile-directory.js';

/**
 * A mirror directory as the target of mirrorTiles: tiles are staged under `.staging/` and moved
 * into place only once the whole new tree has verified, then the checkpoint is replaced last,
 * so a static server never serves an unverified tile or a checkpoint ahead of its tiles.
 */
export function directoryMirrorTarget(out: string): MirrorTarget {
  const staging = join(out, '.staging');
  mkdirSync(out, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
  return {
    checkpoint: async () => (existsSync(join(out, 'checkpoint')) ? readFileSync(join(out, 'checkpoint'), 'utf8') : undefined),
    read: directoryTileFetcher(out),
    stage: async (path, bytes) => writeFileAtomic(staging, path, bytes),
    publish: async (checkpoint) => {
      if (existsSync(staging)) {
        for (const file of walk(staging)) {
          const path = relative(staging, file);
          mkdirSync(dirname(join(out, path)), { recursive: true });
          renameSync(file, join(out, path));
        }
        rmSync(staging, { recursive: true, force: true });
      }
      writeFileAtomic(out, 'checkpoint', new TextEncoder().encode(checkpoint));
    },
  };
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
