import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { generateKeyPair, keyIdOf, type KeyPair } from '../../ledger/crypto/keys.js';
import { canonicalize } from '../../ledger/encoding/jcs.js';
import { toBase64Url, toHex } from '../../ledger/encoding/bytes.js';
import { sha256 } from '../../ledger/crypto/hash.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import type { Envelope } from '../../schemas/entry.js';
import { TestServer } from '../support/server.js';

/**
 * Item 6 of the trust issue: what a server keeps per submission is released whichever way the
 * submission ends. Signatures were verified ahead on the thread pool and cached (with a copy of
 * the signed bytes) until the entry was applied; a submission refused before that (its event id
 * taken by other content, another ledger) never cleared its entry, so a participant could grow
 * the server's memory by the size of every envelope it sent. Flooded with ~60 KB envelopes that
 * are all refused, the server must hold nothing for them afterwards, and its RSS must stay flat.
 */

/**
 * A validly signed registration of about 60 KB (90 long sites, 14 evidence links): as large as an
 * entry may be (SPEC 5.1 bounds a leaf at 65,535 bytes), so the flood holds as much as it can.
 */
function bigRegistration(origin: string, registrar: KeyPair, id: string, n: number): Envelope {
  return signEvent(
    {
      v: 1,
      ledger: origin,
      id,
      type: 'participant.register',
      actor: 'registrar',
      at: new Date().toISOString(),
      evidence: Array.from({ length: 14 }, (_, i) => ({
        kind: 'registration-form',
        sha256: toHex(sha256(new TextEncoder().encode(`${n}/${i}`))),
        uri: `https://example.org/${'f'.repeat(2000)}/${n}/${i}`,
      })),
      participant: {
        id: `flood-${n}`,
        name: `Flood ${n}`,
        roles: ['recycler'],
        country: 'GB',
        sites: Array.from({ length: 90 }, (_, i) => ({ id: `${'s'.repeat(120)}-${i}`, name: `${'Site '.repeat(39)}${i}`.slice(0, 200), country: 'GB' })),
        keys: [toBase64Url(generateKeyPair().publicKey)],
      },
    } as never,
    registrar.secretKey,
  );
}

/**
 * Every refusal a submission can meet before its entry is applied: a taken event id, another
 * ledger. Each envelope differs (its own signature). Built from the JCS of one template with the
 * number substituted (digits for digits, so it stays canonical) and signed with node:crypto:
 * signing 60 KB events one by one through JCS and noble would take the test longer than the flood.
 */
function refusedFlood(origin: string, registrar: KeyPair, takenId: string, count: number, from = 0): string[] {
  const secret = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, registrar.secretKey]), format: 'der', type: 'pkcs8' });
  const keyId = keyIdOf(registrar.publicKey);
  const templates = [bigRegistration(origin, registrar, takenId, 9999999), bigRegistration('another.ledger/log', registrar, 'other-9999999', 9999999)].map(
    (envelope) => canonicalize(envelope.event),
  );
  return Array.from({ length: count }, (_, i) => {
    const jcs = templates[i % 2]!.replaceAll('9999999', String(1000000 + from + i));
    const sig = cryptoSign(null, Buffer.from(`tally/event/v1\n${jcs}`), secret);
    return `{"event":${jcs},"keyId":"${keyId}","sig":"${toBase64Url(sig)}"}`;
  });
}

/** DER prefix of an Ed25519 PKCS#8 private key; the 32 seed bytes follow it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

async function post(url: string, bodies: string[], concurrency: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

describe('refused submissions leave nothing behind', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server.close());

  it('holds no verified signature for a refused submission (in process)', async () => {
    const size = JSON.stringify(bigRegistration(server.origin, server.registrar.key, 'x', 0)).length;
    expect(size).toBeGreaterThan(55_000);
    expect(size).toBeLessThan(65_000);
    const original = await server.submit(bigRegistration(server.origin, server.registrar.key, 'taken', 0));
    expect(original.status).toBe(201);
    const statuses = await post(server.url, refusedFlood(server.origin, server.registrar.key, 'taken', 200, 1), 4);
    expect(Object.fromEntries(statuses)).toEqual({ 409: 100, 422: 100 });
    expect(server.ledger.preverifiedPending).toBe(0);
  });
});

const mainScript = fileURLToPath(new URL('../../api/main.ts', import.meta.url));

function rssMB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
}

it('keeps server RSS flat under 2,000 refused 60 KB envelopes (a real server process)', { timeout: 120_000 }, async () => {
  try {
    readFileSync('/proc/self/status');
  } catch {
    console.log('refused-flood: SKIPPED the RSS case (no /proc to read RSS from)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tally-flood-'));
  const registrar = generateKeyPair();
  const origin = 'flood.test/log';
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TALLY_DATA_DIR: dir, TALLY_ORIGIN: origin, TALLY_REGISTRAR_KEY: toBase64Url(registrar.publicKey) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.includes('"tally listening"'));
        if (line) resolve(JSON.parse(line).url as string);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    child.stdout!.resume();
    expect((await post(url, [JSON.stringify(bigRegistration(origin, registrar, 'taken', 0))], 1)).get(201)).toBe(1);
    // Warm up (JIT, buffers, heap growth), then measure across the flood.
    await post(url, refusedFlood(origin, registrar, 'taken', 200, 1), 4);
    const before = rssMB(child.pid!);
    let statuses = new Map<number, number>();
    for (let round = 0; round < 4; round++) {
      const counts = await post(url, refusedFlood(origin, registrar, 'taken', 500, 1000 + round * 500), 4);
      for (const [status, n] of counts) statuses.set(status, (statuses.get(status) ?? 0) + n);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = rssMB(child.pid!);
    console.log(`refused-flood: server RSS ${before.toFixed(0)} MB before 2,000 refused 60 KB envelopes, ${after.toFixed(0)} MB after`);
    expect(Object.fromEntries(statuses)).toEqual({ 409: 1000, 422: 1000 });
    // Kept per refused submission, 2,000 x 60 KB would be 120 MB (the old code grew by about 0.9 of
    // the bytes it kept); heap growth alone measured 17-46 MB here, so the line sits between.
    expect(after - before).toBeLessThan(80);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
