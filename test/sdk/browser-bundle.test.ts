import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The verification path must run in a browser (docs/ARCHITECTURE.md: the sdk uses only schemas
 * and the pure ledger). esbuild with platform 'browser' refuses to resolve Node built-ins, and the
 * metafile lists every module that went in, so a `node:` import anywhere on the path fails here.
 */
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe('the SDK in a browser', () => {
  it('bundles sdk/index, sdk/verify and sdk/replay for the browser without any Node built-in', async () => {
    const result = await build({
      entryPoints: ['sdk/index.ts', 'sdk/verify/index.ts', 'sdk/replay.ts'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      metafile: true,
      outdir: 'out',
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('sdk/verify/bundle.ts');
    expect(inputs).toContain('ledger/custody/apply.ts');
    expect(inputs.filter((path) => path.startsWith('node:') || NODE_BUILTINS.has(path) || path.startsWith('ledger/store/'))).toEqual([]);
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((path) => path.startsWith('node:') || NODE_BUILTINS.has(path))).toEqual([]);
    for (const file of result.outputFiles) expect(file.text).not.toMatch(/from\s*["']node:|require\(["']node:/);
  });

  it('would catch a Node import: the Node-only helpers do not bundle for the browser', async () => {
    const attempt = build({ entryPoints: ['sdk/node-verify.ts'], bundle: true, platform: 'browser', write: false, logLevel: 'silent' });
    await expect(attempt).rejects.toThrow(/node:crypto/);
  });
});
