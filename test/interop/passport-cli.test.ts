import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../../ledger/encoding/bytes.js';
import { tallyOneStream as tally } from '../cli/run.js';
import { writeKeyFile } from '../../sdk/node/key-file.js';
import { append, registerBatch, registerParticipant, t } from '../support/participants.js';
import { TestServer, type Party } from '../support/server.js';

/** `tally passport issue` and `tally passport verify`: exit 0 valid, 1 invalid, with and without --bundle. */
let server: TestServer;
let recycler: Party;
let mill: Party;
let work: string;
let logKey: string;


beforeAll(async () => {
  server = await TestServer.start();
  recycler = await registerParticipant(server, 'recycler', ['recycler'], 'GB', [['yard', 'GB']]);
  mill = await registerParticipant(server, 'mill', ['processor'], 'GB', [['works', 'GB']]);
  await registerBatch(server, recycler, { id: 'scrap', massG: t(3), site: 'yard' });
  await append(server, recycler, 'batch.transfer', { batch: 'scrap', to: mill.id, toSite: 'works' });
  await append(server, mill, 'batch.receive', { batch: 'scrap', massG: t(3) });
  logKey = (await server.get('/v1/log')).body.logKey;
  work = mkdtempSync(join(tmpdir(), 'tally-passport-'));
  writeKeyFile(join(work, 'mill.json'), mill.key);
  writeKeyFile(join(work, 'recycler.json'), recycler.key);
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('tally passport', () => {
  it('issues as the custodian, then verifies with a bundle file and by fetching the pinned bundle', async () => {
    const jwt = join(work, 'scrap.jwt');
    const issued = await tally('passport', 'issue', 'scrap', '--out', jwt, '--key', join(work, 'mill.json'), '--as', 'mill', '--url', server.url);
    expect(issued.code, issued.out).toBe(0);
    const size = Number(/tree size (\d+)/.exec(issued.out)![1]);
    const bundleFile = join(work, 'bundle.json');
    writeFileSync(bundleFile, (await server.signedGet(`/v1/batches/scrap/bundle?size=${size}`, mill.signer)).text);

    const offline = await tally('passport', 'verify', jwt, '--bundle', bundleFile, '--log-key', logKey);
    expect(offline.code, offline.out).toBe(0);
    expect(offline.out).toMatch(/^VALID passport of scrap/);
    expect(offline.out).toContain('copper from GB: 100.00% of the batch, 100.00% recycled');
    const online = await tally('passport', 'verify', jwt, '--log-key', logKey, '--url', server.url, '--key', join(work, 'recycler.json'), '--as', 'recycler');
    expect(online.code, online.out).toBe(0);

    // Tampered: exit 1 with the code.
    const [h, p, s] = readFileSync(jwt, 'utf8').trim().split('.') as [string, string, string];
    const payload = JSON.parse(utf8Decode(fromBase64Url(p)));
    payload.credentialSubject.materialsProvenance[0].originCountry = 'IE';
    const tampered = join(work, 'tampered.jwt');
    writeFileSync(tampered, `${h}.${toBase64Url(utf8Encode(JSON.stringify(payload)))}.${s}`);
    const bad = await tally('passport', 'verify', tampered, '--bundle', bundleFile, '--log-key', logKey, '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, code: 'passport_bad_signature' });
  });

  it('refuses to issue with a key that is not the custodian\'s current key', async () => {
    const run = await tally('passport', 'issue', 'scrap', '--out', join(work, 'x.jwt'), '--key', join(work, 'recycler.json'), '--as', 'recycler', '--url', server.url);
    expect(run.code).toBe(1);
    expect(run.out).toContain('passport_issuer_mismatch');
  });
});
