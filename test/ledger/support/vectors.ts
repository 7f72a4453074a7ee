import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The published test vectors live in the repository (`test/vectors/`, each with its source and
 * licence in its README). Resolved from this file, never from the cwd.
 */
export const vectorsDir = fileURLToPath(new URL('../../vectors/', import.meta.url));

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
