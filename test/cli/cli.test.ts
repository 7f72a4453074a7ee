import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../api/server.js';
import { readConfig } from '../../api/config.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { verifierKeyString } from '../../ledger/log/note-verifier.js';
import { createTallyClient } from '../../sdk/client.js';
import { EventSigner } from '../../sdk/event-builder.js';
import { readKeyFile } from '../../sdk/node/key-file.js';
import { isolateProfile, tally } from './run.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tally-cli-'));
const registrarKey = generateKeyPair();
isolateProfile(join(work, 'profile.json'));

function serverConfig(dir: string) {
  return readConfig({ PORT: '0', HOST: '127.0.0.1', TALLY_DATA_DIR: dir, TALLY_REGISTRAR_KEY: toBase64Url(registrarKey.publicKey) });
}

async function register(server: RunningServer, id: string, roles: string[], publicKey: string): Promise<void> {
  const registrar = new EventSigner({ ledger: server.ledger.info.origin, actor: 'registrar', secretKey: registrarKey.secretKey });
  const envelope = registrar.sign('participant.register', {
    participant: { id, name: id, roles: roles as never, country: 'GB', sites: [{ id: 'yard', name: 'Yard', country: 'GB' }], keys: [publicKey] },
  });
  const { error } = await createTallyClient({ baseUrl: server.url }).POST('/v1/events', { body: envelope as never });
  expect(error).toBeUndefined();
}

let server: RunningServer;
let logKey: string;
const keyFile = join(work, 'recycler.json');
const auditorKeyFile = join(work, 'auditor.json');

beforeAll(async () => {
  server = await startServer(serverConfig(join(work, 'a')), () => {});
  logKey = server.ledger.info.logKey;
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('tally CLI', () => {
  it('prints help for the tool and for each command, and refuses bad usage with exit 2', async () => {
    const bin = spawnSync(process.execPath, ['bin/tally.js', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(bin.status).toBe(0);
    expect(bin.stdout).toContain('monitor');
    expect((await tally('verify', '--help')).out).toContain('usage: tally verify');
    expect((await tally('frobnicate')).code).toBe(2);
    expect((await tally('batch', '--nope')).code).toBe(2);
  });

  it('generates keys, submits signed events, shows a batch and checks claims', async () => {
    const keygen = await tally('keygen', '--out', keyFile, '--json');
    expect(keygen.code).toBe(0);
    const { publicKey } = JSON.parse(keygen.out) as { publicKey: string };
    expect(publicKey).toBe(toBase64Url(readKeyFile(keyFile).publicKey));
    await register(server, 'sheffield', ['recycler'], publicKey);

    const eventFile = join(work, 'register.json');
    writeFileSync(
      eventFile,
      JSON.stringify({ type: 'batch.register', batch: { id: 'cu-1', material: 'copper', form: 'scrap', massG: 1_000_000, site: 'yard' }, origin: { kind: 'post-consumer', country: 'GB' } }),
    );
    const submitted = await tally('submit', eventFile, '--url', server.url, '--key', keyFile, '--as', 'sheffield');
    expect(submitted.code).toBe(0);
    expect(submitted.out).toMatch(/appended batch.register .* as entry 2/);

    const shown = await tally('batch', 'cu-1', '--url', server.url, '--key', keyFile, '--as', 'sheffield');
    expect(shown.out).toContain('recycled        100.0000%');
    expect((await tally('claims', 'cu-1', '--claim', 'recycled>=0.9', '--claim', 'not-exported', '--url', server.url, '--key', keyFile, '--as', 'sheffield')).code).toBe(0);
    const failing = await tally('claims', 'cu-1', '--claim', 'home-origin>=1', '--claim', 'pre-consumer>=0.5', '--url', server.url, '--key', keyFile, '--as', 'sheffield');
    expect(failing.code).toBe(1);
    expect(failing.out).toContain('FAILS  pre-consumer');
    // Unsigned, a protected read is refused with the problem's code.
    const unsigned = await tally('batch', 'cu-1', '--url', server.url);
    expect([unsigned.code, unsigned.out]).toEqual([1, expect.stringContaining('unauthenticated')]);
  });

  it('downloads a bundle and verifies it offline; a tampered copy is INVALID with exit 1', async () => {
    const bundleFile = join(work, 'bundle.json');
    expect((await tally('bundle', 'cu-1', '--out', bundleFile, '--url', server.url, '--key', keyFile, '--as', 'sheffield')).code).toBe(0);
    const ok = await tally('verify', bundleFile, '--log-key', logKey, '--claim', 'recycled>=0.5');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('VALID bundle for cu-1');

    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { entries: Array<{ entry: { event: { batch?: { massG: number } } } }> };
    const register = bundle.entries.find((e) => e.entry.event.batch?.massG === 1_000_000)!;
    register.entry.event.batch!.massG = 2_000_000;
    writeFileSync(bundleFile, JSON.stringify(bundle));
    const bad = await tally('verify', bundleFile, '--log-key', logKey, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, code: 'bundle_invalid_inclusion' });
    // Another log's key is not this bundle's.
    const otherKey = verifierKeyString(server.ledger.info.origin, generateKeyPair().publicKey);
    expect((await tally('verify', bundleFile, '--log-key', otherKey)).code).toBe(1);
  });

  it('replays the whole log as an auditor', async () => {
    await tally('keygen', '--out', auditorKeyFile);
    await register(server, 'auditor', ['auditor'], toBase64Url(readKeyFile(auditorKeyFile).publicKey));
    const replay = await tally('replay', '--url', server.url, '--key', auditorKeyFile, '--as', 'auditor', '--log-key', logKey, '--json');
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.out)).toMatchObject({ ok: true, summary: { size: server.ledger.size, rootHash: server.ledger.rootHash } });
  });

  it('monitor accepts a growing log and exits 3 on a fork signed with the same log key', async () => {
    const state = join(work, 'seen.json');
    expect((await tally('monitor', '--url', server.url, '--log-key', logKey, '--state', state, '--count', '1')).code).toBe(0);
    await register(server, 'latecomer', ['trader'], toBase64Url(generateKeyPair().publicKey));
    const grown = await tally('monitor', '--url', server.url, '--log-key', logKey, '--state', state, '--count', '1');
    expect([grown.code, grown.out]).toEqual([0, expect.stringContaining('proved consistent with')]);

    // A second server holding the same log key tells another history of the same origin.
    const forkDir = join(work, 'fork');
    mkdirSync(forkDir, { recursive: true });
    copyFileSync(join(work, 'a', 'log-key.json'), join(forkDir, 'log-key.json'));
    const fork = await startServer(serverConfig(forkDir), () => {});
    try {
      for (let i = 0; fork.ledger.size < server.ledger.size; i++) await register(fork, `other-${i}`, ['trader'], toBase64Url(generateKeyPair().publicKey));
      expect(fork.ledger.info.logKey).toBe(logKey);
      const alert = await tally('monitor', '--url', fork.url, '--log-key', logKey, '--state', state, '--count', '1');
      expect(alert.code).toBe(3);
      expect(alert.out).toContain('ALERT fork_detected');
    } finally {
      await fork.close();
    }
  });
});
