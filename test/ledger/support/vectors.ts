import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared test vectors live beside the repository (`<repo>/../shared/vectors`), as in CI,
 * which clones the repo with `shared/` next to it. Resolved from this file, never from the cwd.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const vectorsDir = join(repoRoot, '..', 'shared', 'vectors');

export function readVectorJson<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(vectorsDir, ...path), 'utf8')) as T;
}

/** Every `.json` file under `vectors/<dir>`, as paths relative to that directory, sorted. */
export function listVectorFiles(dir: string): string[] {
  const base = join(vectorsDir, dir);
  const walk = (at: string): string[] =>
    readdirSync(at, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(at, e.name)) : [join(at, e.name)]));
  return walk(base)
    .filter((f) => f.endsWith('.json'))
    .map((f) => relative(base, f))
    .sort();
}
