/**
 * Builds the SDK package in sdk/dist (`npm run build:sdk`): ES modules bundled by esbuild with
 * the runtime dependencies left external (they are the package's dependencies), the `tally` CLI
 * as one executable file, and type declarations from tsc. Nothing of the server goes in: the
 * SDK uses only schemas, generated types and pure ledger code, and the build fails if an
 * import reaches api/ or ledger/store/.
 *
 *   npx tsx sdk/build.ts [--out <dir>] [--cli-only]
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const SDK = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(SDK, '..');
const DEPENDENCIES = ['@noble/ed25519', '@noble/hashes', 'openapi-fetch', 'zod'];

/** Refuses any import of server code into the package. */
const noServerCode: Plugin = {
  name: 'no-server-code',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = resolve(args.resolveDir, args.path).slice(ROOT.length + 1);
      if (/^(api|ledger\/store|bench)\//.test(target)) return { errors: [{ text: `the SDK may not import server code: ${target} (from ${args.importer})` }] };
      return undefined;
    });
  },
};

/** The CLI as one ES module with a shebang; `bundleDependencies` makes it run with nothing installed. */
export async function buildCli(outFile: string, options: { bundleDependencies?: boolean } = {}): Promise<void> {
  await build({
    entryPoints: [join(SDK, 'cli/bin.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: options.bundleDependencies ? [] : DEPENDENCIES,
    plugins: [noServerCode],
    logLevel: 'warning',
  });
  chmodSync(outFile, 0o755);
}

export async function buildSdk(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  const common: BuildOptions = { bundle: true, format: 'esm', target: 'es2022', external: DEPENDENCIES, plugins: [noServerCode], logLevel: 'warning' };
  await build({ ...common, entryPoints: { index: join(SDK, 'index.ts') }, outdir: outDir, platform: 'neutral' });
  await build({ ...common, entryPoints: { node: join(SDK, 'node.ts') }, outdir: outDir, platform: 'node' });
  await buildCli(join(outDir, 'cli.js'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(SDK, 'tsconfig.build.json'), '--outDir', join(outDir, 'types')], { stdio: 'inherit' });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'cli-only': { type: 'boolean', default: false } } });
  const out = resolve(values.out ?? join(SDK, 'dist'));
  if (values['cli-only']) await buildCli(join(out, 'cli.js'), { bundleDependencies: true });
  else await buildSdk(out);
  console.log(`built ${out}`);
}
