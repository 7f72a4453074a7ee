import { builtinModules } from 'node:module';
import { createContext, runInContext, Script } from 'node:vm';
import { assembleBundle } from '../../ledger/store/bundle-source.js';
import { copperChain } from './scenario.js';
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
    // Passports (VC-JOSE, did:key) and the EPCIS import are part of the browser SDK too.
    expect(inputs).toContain('sdk/passport.ts');
    expect(inputs).toContain('ledger/interop/untp/vc-jose.ts');
    expect(inputs).toContain('ledger/interop/epcis/import.ts');
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

/** Minimal TextEncoder/TextDecoder (UTF-8, fatal) and structuredClone (JSON data) for an empty V8 realm. */
const REALM_TEXT_CODECS = `
  globalThis.TextEncoder = class { encode(s) { return new Uint8Array(Array.from(unescape(encodeURIComponent(s)), (c) => c.charCodeAt(0))); } };
  globalThis.TextDecoder = class { decode(b) { let s = ''; for (const x of b ?? []) s += String.fromCharCode(x); try { return decodeURIComponent(escape(s)); } catch { throw new TypeError('invalid UTF-8'); } } };
  globalThis.structuredClone = (value) => JSON.parse(JSON.stringify(value));
`;

describe('the browser bundle at run time', () => {
  it('verifies an audit bundle inside a V8 context with web globals only (no process, Buffer, require)', async () => {
    const scenario = await copperChain();
    const bundle = await assembleBundle(scenario.ledger, 'RODF');
    const built = await build({
      entryPoints: ['sdk/verify/index.ts'],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'TallyVerify',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    // A fresh realm with none of Node's globals. Its TextEncoder/TextDecoder are defined inside
    // it, so every Uint8Array belongs to that realm as in a page (outer-realm arrays fail noble's
    // instanceof checks, which says nothing about browsers).
    const context = createContext({ console });
    new Script(REALM_TEXT_CODECS).runInContext(context);
    new Script(built.outputFiles[0]!.text).runInContext(context);
    expect(runInContext('typeof process + typeof Buffer + typeof require', context)).toBe('undefinedundefinedundefined');
    context.bundle = JSON.parse(JSON.stringify(bundle));
    context.logKey = scenario.ledger.info.logKey;
    const verified = (await runInContext('TallyVerify.verifyBundle(bundle, logKey)', context)) as { ok: boolean; batch: { id: string; massG: number } };
    expect(verified.ok).toBe(true);
    expect(verified.batch.id).toBe('RODF');
    context.bundle.entries[1].entry.recordedAt = '2020-01-01T00:00:00Z';
    await expect(runInContext('TallyVerify.verifyBundle(bundle, logKey)', context)).rejects.toMatchObject({ code: 'bundle_invalid_inclusion' });
    await scenario.ledger.close();
  });
});
