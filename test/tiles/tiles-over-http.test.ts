import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../api/server.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { leafHash } from '../../ledger/crypto/hash.js';
import { toBase64Url, toHex } from '../../ledger/encoding/bytes.js';
import { decodeEntryBundle, splitHashTile, tilePath } from '../../ledger/tiles/index.js';
import { EventSigner } from '../../sdk/event-builder.js';
import { tallyOneStream as tally } from '../cli/run.js';
import { directoryMirrorTarget } from '../../sdk/node/mirror-directory.js';
import { directoryTileFetcher } from '../../sdk/node/tile-directory.js';
import { mirrorTiles } from '../../sdk/tiles/mirror.js';
import { findNginx, startNginx } from './nginx.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tally-tiles-'));
const registrarKey = generateKeyPair();
let server: RunningServer;
let registrar: EventSigner;
let count = 0;


/** Appends `n` registrations concurrently (group commits of many). */
async function append(n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, async () => {
      const id = `p${++count}`;
      const envelope = registrar.sign('participant.register', {
        id: `reg-${id}`,
        participant: { id, name: id, roles: ['recycler'], country: 'GB', sites: [{ id: 'yard', name: 'Yard', country: 'GB' }], keys: [toBase64Url(generateKeyPair().publicKey)] },
      });
      const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
      expect(res.status).toBe(201);
    }),
  );
}

beforeAll(async () => {
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir: join(work, 'data'), origin: 'tiles.tally.test/log', homeCountry: 'GB', registrarKey: toBase64Url(registrarKey.publicKey), backgroundCheck: false },
    () => {},
  );
  registrar = new EventSigner({ ledger: 'tiles.tally.test/log', actor: 'registrar', secretKey: registrarKey.secretKey });
  await append(299);
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the log as C2SP tlog-tiles under /tlog/', () => {
  it('serves hash tiles from stored subtree hashes and entry bundles that hash to them, with cache headers', async () => {
    const size = server.ledger.size;
    expect(size).toBe(300);
    const full = await fetch(`${server.url}/tlog/tile/0/000`);
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(full.headers.get('content-type')).toBe('application/octet-stream');
    const hashes = splitHashTile(new Uint8Array(await full.arrayBuffer()), 256);
    const bundle = decodeEntryBundle(new Uint8Array(await (await fetch(`${server.url}/tlog/tile/entries/000`)).arrayBuffer()));
    expect(bundle).toHaveLength(256);
    bundle.forEach((entry, i) => expect(toHex(leafHash(entry))).toBe(toHex(hashes[i]!)));
    expect(JSON.parse(new TextDecoder().decode(bundle[0]!)).event.type).toBe('ledger.genesis');
    // Partial tiles of this size and of every earlier size exist; a wider one does not yet.
    expect((await fetch(`${server.url}/tlog/tile/0/001.p/44`)).status).toBe(200);
    expect((await fetch(`${server.url}/tlog/tile/0/001.p/10`)).status).toBe(200);
    const notYet = await fetch(`${server.url}/tlog/tile/0/001.p/45`);
    expect(notYet.status).toBe(404);
    expect(notYet.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${server.url}/tlog/tile/0/001`)).status).toBe(404);
    const level1 = new Uint8Array(await (await fetch(`${server.url}/tlog/tile/1/000.p/1`)).arrayBuffer());
    expect(toHex(level1)).toBe(toHex((await server.ledger.subtreeHashes([{ level: 8, index: 0 }]))[0]!));
    // Non-canonical spellings are not tiles.
    for (const path of ['tile/0/x000/000', 'tile/0/0', 'tile/0/000.p/256', 'tile/8/0/000', 'tile/0/000.p/0']) expect((await fetch(`${server.url}/tlog/${path}`)).status, path).toBe(404);
    const checkpoint = await fetch(`${server.url}/tlog/checkpoint`);
    expect(checkpoint.headers.get('cache-control')).toBe('public, max-age=2');
    expect(await checkpoint.text()).toBe(server.ledger.checkpoint);
  });

  it('refuses at submission an entry too large for an entry bundle, with entry_too_large', async () => {
    const uri = `https://docs.example/${'a'.repeat(2000)}`;
    const evidence = Array.from({ length: 32 }, (_, i) => ({ kind: 'weighbridge-ticket', sha256: toHex(leafHash(new Uint8Array([i]))), uri }));
    const envelope = registrar.sign('participant.register', {
      id: 'too-big',
      evidence,
      participant: { id: 'big', name: 'big', roles: ['recycler'], country: 'GB', sites: [{ id: 'yard', name: 'Yard', country: 'GB' }], keys: [toBase64Url(generateKeyPair().publicKey)] },
    } as never);
    const before = server.ledger.size;
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('entry_too_large');
    expect(server.ledger.size).toBe(before);
  });

  it('mirrors to a directory, extends it, serves it with nginx, and replays and verifies through nginx', async (ctx) => {
    const out = join(work, 'mirror');
    const logKey = server.ledger.info.logKey;
    const first = await tally('mirror', '--url', server.url, '--out', out, '--log-key', logKey, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ ok: true, size: 300, previousSize: 0 });
    await append(30);
    const second = await tally('mirror', '--url', server.url, '--out', out, '--log-key', logKey, '--json');
    expect(JSON.parse(second.out)).toMatchObject({ ok: true, size: 330, previousSize: 300 });
    expect(readFileSync(join(out, tilePath({ level: 0, index: 1, width: 74 })))).toHaveLength(74 * 32);

    // Replay from the directory alone.
    const fromDir = await tally('replay', '--tiles', out, '--log-key', logKey);
    expect(fromDir.code).toBe(0);
    expect(fromDir.out).toMatch(/OK: replayed 330 entries/);

    // A tampered copy: the mirror and the replay both refuse it.
    const bad = join(work, 'tampered');
    cpSync(out, bad, { recursive: true });
    const bundlePath = join(bad, 'tile/entries/000');
    const bytes = readFileSync(bundlePath);
    bytes[100] = bytes[100]! ^ 1;
    writeFileSync(bundlePath, bytes);
    await expect(mirrorTiles({ source: directoryTileFetcher(bad), target: directoryMirrorTarget(join(work, 'm2')), logKey })).rejects.toMatchObject({ code: 'invalid_tile' });
    const badReplay = await tally('replay', '--tiles', bad, '--log-key', logKey);
    expect(badReplay.code).toBe(1);

    const nginx = findNginx();
    if (nginx === undefined) {
      console.log('skipped nginx part: nginx is not installed (apt-get install nginx)');
      ctx.skip();
    }
    const web = await startNginx(nginx!, out, join(work, 'nginx'));
    try {
      const tile = await fetch(`${web.url}/tile/0/000`);
      expect(tile.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const replayed = await tally('replay', '--tiles', web.url, '--log-key', logKey);
      expect(replayed.code).toBe(0);
      expect(replayed.out).toMatch(/OK: replayed 330 entries/);
      // A second mirror, of the first mirror, through nginx.
      const again = await tally('mirror', '--url', web.url, '--out', join(work, 'mirror-of-mirror'), '--log-key', logKey, '--json');
      expect(JSON.parse(again.out)).toMatchObject({ ok: true, size: 330 });

      const goDir = '/usr/share/gocode/src/golang.org/x/mod/sumdb/tlog';
      const go = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
      if (go.status !== 0 || !existsSync(goDir)) {
        console.log('skipped Go interop: needs go and golang-golang-x-mod-dev (apt-get install golang-go golang-golang-x-mod-dev)');
        return;
      }
      const run = spawnSync('go', ['run', 'main.go', web.url, logKey], {
        cwd: join(ROOT, 'test/interop/go-tiles'),
        encoding: 'utf8',
        env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(work, 'gocache'), GOFLAGS: '' },
        timeout: 240_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^OK: 330 entries of tiles\.tally\.test\/log verified by golang\.org\/x\/mod\/sumdb\/tlog/);
    } finally {
      await web.stop();
    }
  }, 300_000);
});
