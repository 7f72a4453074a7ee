import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { sha256 } from '../../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../../ledger/encoding/bytes.js';
import { encodeAddCheckpoint } from '../../ledger/witness/add-checkpoint.js';
import { parseCosignerKey, verifyCosignature } from '../../ledger/witness/cosignature.js';
import { splitNote } from '../../ledger/log/signed-note.js';
import { startWitness, type RunningWitness } from '../../witness/server.js';
import { FakeLog } from './fake-log.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function witnessFor(log: FakeLog, stateDir?: string, key = generateKeyPair()): Promise<{ w: RunningWitness; stateDir: string; key: typeof key }> {
  const dir = stateDir ?? (await mkdtemp(join(tmpdir(), 'tally-witness-')));
  const w = await startWitness({ name: 'witness.tally.test/w1', key, logKeys: [log.vkey], stateDir: dir });
  cleanups.push(() => w.close());
  if (!stateDir) cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { w, stateDir: dir, key };
}

async function add(w: RunningWitness, body: string) {
  const res = await fetch(`${w.url}/add-checkpoint`, { method: 'POST', body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('tally witness (C2SP tlog-witness, cosignature/v1)', () => {
  it('cosigns a consistent checkpoint over exactly its body, and persists what it cosigned across a restart', async () => {
    const log = new FakeLog();
    log.append(5);
    const { w, stateDir, key } = await witnessFor(log);
    const first = await add(w, encodeAddCheckpoint(0, [], log.checkpoint()));
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/^— witness\.tally\.test\/w1 [A-Za-z0-9+/=]+\n$/);
    const cosigned = log.checkpoint() + first.text;
    expect(verifyCosignature(cosigned, parseCosignerKey(w.vkey))).toBeGreaterThan(1_700_000_000);
    // Over another body (one more leaf) the same line does not verify.
    log.append(1);
    const other = splitNote(log.checkpoint()).body + '\n' + splitNote(log.checkpoint()).signatures[0]!.line + '\n' + first.text;
    expect(() => verifyCosignature(other, parseCosignerKey(w.vkey))).toThrow(expect.objectContaining({ code: 'invalid_cosignature' }));

    await w.close();
    const again = await witnessFor(log, stateDir, key);
    // It remembers 5: old 0 is a conflict now, answered with the size it holds.
    const conflict = await add(again.w, encodeAddCheckpoint(0, [], log.checkpoint()));
    expect(conflict).toMatchObject({ status: 409, type: 'text/x.tlog.size', text: '5\n' });
    const next = await add(again.w, encodeAddCheckpoint(5, log.proof(5), log.checkpoint()));
    expect(next.status).toBe(200);
    const monitoring = await fetch(`${again.w.url}/${toHex(sha256(utf8Encode(log.origin)))}/checkpoint`);
    expect(monitoring.status).toBe(200);
    expect(verifyCosignature(await monitoring.text(), parseCosignerKey(w.vkey))).toBeDefined();
  });

  it('refuses a fork signed with the log key: 422 for an inconsistent proof or another root at the same size', async () => {
    const log = new FakeLog();
    log.append(8);
    const { w } = await witnessFor(log);
    expect((await add(w, encodeAddCheckpoint(0, [], log.checkpoint()))).status).toBe(200);
    // The fork: the same first 6 leaves, then others, signed by the real log key.
    const fork = [...log.leaves.slice(0, 6), ...Array.from({ length: 4 }, (_, i) => sha256(utf8Encode(`fork ${i}`)))];
    const forked = await add(w, encodeAddCheckpoint(8, log.proof(8, 10, fork), log.checkpoint(10, fork)));
    expect(forked.status).toBe(422);
    const sameSize = await add(w, encodeAddCheckpoint(8, [], log.checkpoint(8, fork)));
    expect(sameSize.status).toBe(422);
    // A smaller checkpoint (a rolled-back log) is a conflict: the witness says what it holds.
    expect(await add(w, encodeAddCheckpoint(0, [], log.checkpoint(6)))).toMatchObject({ status: 409, text: '8\n' });
  });

  it('serialises concurrent submissions per log, so a slower smaller one cannot roll the record back', async () => {
    const log = new FakeLog();
    log.append(8);
    const { w } = await witnessFor(log);
    const answers = await Promise.all([add(w, encodeAddCheckpoint(0, [], log.checkpoint(5))), add(w, encodeAddCheckpoint(0, [], log.checkpoint(8)))]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const held = answers.find((a) => a.status === 409)!.text;
    // Whichever won, the other learns its size, and the record never goes down.
    expect(['5\n', '8\n']).toContain(held);
    const next = await add(w, encodeAddCheckpoint(Number(held), log.proof(Number(held), 8), log.checkpoint(8)));
    expect(next.status).toBe(200);
    expect((await add(w, encodeAddCheckpoint(0, [], log.checkpoint(5)))).text).toBe('8\n');
  });

  it('answers 400, 403 and 404 as the spec orders', async () => {
    const log = new FakeLog();
    log.append(3);
    const { w } = await witnessFor(log);
    expect((await add(w, 'old x\n\n' + log.checkpoint())).status).toBe(400);
    expect((await add(w, 'old 0\nnot-base64!\n\n' + log.checkpoint())).status).toBe(400);
    expect((await add(w, encodeAddCheckpoint(4, [], log.checkpoint()))).status).toBe(400);
    const stranger = new FakeLog('other.tally.test/log');
    stranger.append(1);
    expect((await add(w, encodeAddCheckpoint(0, [], stranger.checkpoint()))).status).toBe(404);
    const impostor = new FakeLog(log.origin);
    impostor.append(3);
    expect((await add(w, encodeAddCheckpoint(0, [], impostor.checkpoint()))).status).toBe(403);
    const tampered = log.checkpoint().replace(/\n3\n/, '\n2\n');
    expect((await add(w, encodeAddCheckpoint(0, [], tampered))).status).toBe(403);
    // A non-empty proof from size 0 is 422.
    expect((await add(w, encodeAddCheckpoint(0, [sha256(utf8Encode('x'))], log.checkpoint()))).status).toBe(422);
    expect((await fetch(`${w.url}/add-checkpoint`)).status).toBe(405);
  });
});

describe('tally witness, the program', () => {
  it('creates its key, prints its cosignature/v1 verifier key, cosigns, and stops on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const dir = await mkdtemp(join(tmpdir(), 'tally-witness-cli-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const log = new FakeLog();
    log.append(2);
    const bin = fileURLToPath(new URL('../../bin/tally.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'witness', '--key', join(dir, 'w.json'), '--log', log.vkey, '--state', join(dir, 'state'), '--port', '0', '--name', 'cli.test/w'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    const until = Date.now() + 20_000;
    while (!/listening (\S+)/.test(out) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    const vkey = /witness key (\S+)/.exec(out)![1]!;
    const url = /listening (\S+)/.exec(out)![1]!;
    expect(parseCosignerKey(vkey).name).toBe('cli.test/w');
    const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body: encodeAddCheckpoint(0, [], log.checkpoint()) });
    expect(res.status).toBe(200);
    expect(verifyCosignature(log.checkpoint() + (await res.text()), parseCosignerKey(vkey))).toBeDefined();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
