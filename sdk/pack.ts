/**
 * `npm run pack:sdk`: builds the SDK package and packs it with `npm pack` into a tarball another
 * project can `npm install`. Staged outside sdk/ so the repository's sources never enter it.
 *
 *   npx tsx sdk/pack.ts [--out <dir>]   (default: the current directory)
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSdk } from './build.js';

const SDK = dirname(fileURLToPath(import.meta.url));

/** Builds and packs the SDK into `outDir`; returns the tarball's path and the files in it. */
export async function packSdk(outDir: string): Promise<{ tarball: string; files: string[] }> {
  const stage = mkdtempSync(join(tmpdir(), 'tally-sdk-pack-'));
  try {
    await buildSdk(join(stage, 'dist'));
    for (const file of ['package.json', 'README.md']) copyFileSync(join(SDK, file), join(stage, file));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const output = execFileSync(npm, ['pack', '--json', '--pack-destination', resolve(outDir)], { cwd: stage, encoding: 'utf8' });
    const [packed] = JSON.parse(output) as Array<{ filename: string; files: Array<{ path: string }> }>;
    return { tarball: join(resolve(outDir), packed!.filename), files: packed!.files.map((f) => f.path) };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: '.' } } });
  const { tarball, files } = await packSdk(values.out!);
  console.log(`packed ${tarball} (${files.length} files)`);
}
