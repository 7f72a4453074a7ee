import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { packSdk } from '../../sdk/pack.js';

/**
 * The SDK as a manufacturer gets it: `npm pack`ed, installed into an empty project of their own,
 * imported by its package name (both entries), type-checked against its declarations, and its
 * `tally` command run from node_modules/.bin.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tally-sdk-package-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('packs into a tarball that installs into another project, imports, type-checks and runs its CLI', { timeout: 180_000 }, async () => {
  const { tarball, files } = await packSdk(work);
  expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/index.js', 'dist/node.js', 'dist/cli.js', 'dist/types/sdk/index.d.ts']));
  // Nothing of the server: no api/ or store code, no server dependency.
  expect(files.filter((f) => /(^|\/)(api|store|bench)\//.test(f))).toEqual([]);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'sdk/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  expect(Object.keys(manifest.dependencies).sort()).toEqual(['@noble/ed25519', '@noble/hashes', 'openapi-fetch', 'zod']);
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const [name, version] of Object.entries(manifest.dependencies)) expect(rootManifest.dependencies[name], name).toBe(version);

  const app = join(work, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'cable-maker-app', private: true, type: 'module' }));
  // From npm's cache when it has the dependencies (CI's npm ci filled it), else from the registry.
  const install = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: app, encoding: 'utf8', timeout: 120_000 });
  expect(install.status, install.stderr).toBe(0);

  writeFileSync(
    join(app, 'check.mjs'),
    `import { createTallyClient, EventSigner, verifyBundle, bundleClaims, verifyEventSignature, CheckpointTracker } from '@tally-ledger/sdk';
import { nodeVerify, nodeHashes, readKeyFile, VerifyPool } from '@tally-ledger/sdk/node';
import { randomBytes } from 'node:crypto';
const secretKey = new Uint8Array(randomBytes(32));
const signer = new EventSigner({ ledger: 'example.org/tally', actor: 'wessex-cables', secretKey });
const envelope = signer.sign('batch.attest', { batch: 'rod-1', kind: 'assay', sha256: '0'.repeat(64) });
const publicKey = Buffer.from(signer.publicKey).toString('base64url');
verifyEventSignature(envelope, publicKey, nodeVerify);
let refused = false;
try { verifyEventSignature({ ...envelope, event: { ...envelope.event, batch: 'rod-2' } }, publicKey); } catch (err) { refused = err.code === 'bad_signature'; }
const kinds = [createTallyClient, verifyBundle, bundleClaims, CheckpointTracker, readKeyFile, VerifyPool, nodeHashes.leafHash].map((f) => typeof f);
console.log(JSON.stringify({ refused, kinds, type: envelope.event.type }));
`,
  );
  const run = spawnSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ refused: true, kinds: ['function', 'function', 'function', 'function', 'function', 'function', 'function'], type: 'batch.attest' });

  // The declarations are real: correct use compiles, a wrong field does not.
  writeFileSync(
    join(app, 'check.ts'),
    `import { createTallyClient, EventSigner, type components } from '@tally-ledger/sdk';
const api = createTallyClient({ baseUrl: 'http://127.0.0.1:8080' });
export async function mass(id: string): Promise<number | undefined> {
  const { data } = await api.GET('/v1/batches/{id}', { params: { path: { id } } });
  return data?.massG;
}
export const signer = new EventSigner({ ledger: 'l', actor: 'a', secretKey: new Uint8Array(32) });
// @ts-expect-error masses are massG, in grams
signer.sign('batch.receive', { batch: 'rod-1', mass: 5 });
export type Batch = components['schemas']['Batch'];
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['check.ts'] }),
  );
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
  expect(tsc.status, tsc.stdout).toBe(0);

  const cli = spawnSync(join(app, 'node_modules/.bin/tally'), ['verify', '--help'], { cwd: app, encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  expect(cli.stdout).toContain('usage: tally verify');
});
