import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leafHash } from '../../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../../ledger/encoding/bytes.js';
import { parseCheckpoint, signCheckpoint } from '../../ledger/log/checkpoint.js';
import { splitNote } from '../../ledger/log/signed-note.js';
import { rootFromLeafHashes } from '../../ledger/merkle/compact.js';
import { consistencyProofFromLeaves } from '../../ledger/merkle/memory-proofs.js';
import { encodeAddCheckpoint } from '../../ledger/witness/add-checkpoint.js';
import { parseCosignerKey, verifyCosignature } from '../../ledger/witness/cosignature.js';
import { checkPolicy, parsePolicy } from '../../ledger/witness/policy.js';
import { recoverFromTiles } from '../../api/recover.js';
import { tallyOneStream as tally } from '../cli/run.js';
import { directoryMirrorTarget } from '../../sdk/node/mirror-directory.js';
import { directoryTileFetcher } from '../../sdk/node/tile-directory.js';
import { mirrorTiles } from '../../sdk/tiles/mirror.js';
import { httpTileFetcher } from '../../sdk/tiles/tile-fetcher.js';
import { verifyBundle } from '../../sdk/verify/bundle.js';
import { EventSigner } from '../../sdk/event-builder.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { blackHoleWitness, configured, eventually, WitnessedLog } from './harness.js';


const log = new WitnessedLog();
afterAll(() => log.close());

describe('a log witnessed by two witnesses under a quorum policy (SPEC 5.1)', () => {
  let policy: ReturnType<typeof parsePolicy>;
  let policyFile: string;
  let honestCheckpoint: string;
  const mirrorDir = join(log.work, 'mirror');

  it('serves the newest checkpoint with both cosignatures, verifying over exactly its body', async () => {
    const [a, b] = [await log.addWitness('witness.test/a'), await log.addWitness('witness.test/b')];
    policyFile = join(log.work, 'policy');
    writeFileSync(policyFile, `log ${log.vkey}\nwitness A ${a.vkey}\nwitness B ${b.vkey}\ngroup both all A B\nquorum both\n`);
    policy = parsePolicy(`log ${log.vkey}\nwitness A ${a.vkey}\nwitness B ${b.vkey}\ngroup both all A B\nquorum both\n`);
    await log.start([configured(a), configured(b)]);
    expect(await log.append(3)).toEqual([201, 201, 201]);
    const served = await eventually(async () => {
      const text = await (await fetch(`${log.server!.url}/tlog/checkpoint`)).text();
      return splitNote(text).signatures.length === 3 && parseCheckpoint(text, log.vkey).size === 4 ? text : undefined;
    });
    expect(checkPolicy(served, policy, { logKey: log.vkey }).cosigned).toEqual(['A', 'B']);
    // Each cosignature is over the served body exactly: change a byte of the root and neither verifies.
    for (const w of [a, b]) expect(verifyCosignature(served, parseCosignerKey(w.vkey))).toBeDefined();
    const lines = served.split('\n');
    const tampered = [lines[0], lines[1], lines[2]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), ...lines.slice(3)].join('\n');
    expect(() => verifyCosignature(tampered, parseCosignerKey(a.vkey))).toThrow();
    // /v1/checkpoint serves the same note, and the log key alone still verifies it.
    const v1 = await fetch(`${log.server!.url}/v1/checkpoint`);
    expect(await v1.text()).toBe(served);
    expect(v1.headers.get('cache-control')).toBe('public, max-age=2');
    expect(parseCheckpoint(served, log.vkey).size).toBe(4);
    expect(log.server!.witnessing!.status().map((s) => [s.name, s.cosignedSize, s.lag])).toEqual([
      ['witness.test/a', 4, 0],
      ['witness.test/b', 4, 0],
    ]);
    honestCheckpoint = served;
  });

  it('puts the cosigned checkpoint in bundles; verify refuses a bundle whose checkpoint lacks the quorum', async () => {
    const recyclerKey = generateKeyPair();
    const recycler = new EventSigner({ ledger: log.origin, actor: 'rec', secretKey: recyclerKey.secretKey });
    const api = log.client();
    const register = log.registrar.sign('participant.register', {
      participant: { id: 'rec', name: 'Recycler', roles: ['recycler'], country: 'GB', sites: [{ id: 'yard', name: 'Yard', country: 'GB' }], keys: [toBase64Url(recyclerKey.publicKey)] },
    });
    expect((await api.POST('/v1/events', { body: register as never })).error).toBeUndefined();
    const batch = recycler.sign('batch.register', { batch: { id: 'cu-1', material: 'copper', form: 'scrap', massG: 1_000_000, site: 'yard' }, origin: { kind: 'post-consumer', country: 'GB' } } as never);
    expect((await api.POST('/v1/events', { body: batch as never })).error).toBeUndefined();
    const bundle = await eventually(async () => {
      const { data } = await api.GET('/v1/batches/{id}/bundle', { params: { path: { id: 'cu-1' } } });
      return data && splitNote(data.checkpoint).signatures.length === 3 ? data : undefined;
    });
    expect((await verifyBundle(bundle, log.vkey, { policy })).batch.id).toBe('cu-1');
    const stripped = { ...bundle, checkpoint: bundle.checkpoint.split('\n').slice(0, 5).join('\n') + '\n' };
    await expect(verifyBundle(stripped, log.vkey, { policy })).rejects.toMatchObject({ code: 'policy_unsatisfied', message: expect.stringContaining('missing A, B') });
    const file = join(log.work, 'bundle.json');
    writeFileSync(file, JSON.stringify(stripped));
    const refused = await tally('verify', file, '--log-key', log.vkey, '--policy', policyFile);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/policy_unsatisfied.*missing A, B/);
  });

  it('refuses a restored older data directory with store_rolled_back, and tally recover brings it back to the same root', async () => {
    await log.stop();
    const backup = log.backup('backup-at-6');
    await log.start([configured(log.witnesses[0]!), configured(log.witnesses[1]!)]);
    await log.append(5);
    const witnessed = await eventually(async () => {
      const text = await (await fetch(`${log.server!.url}/tlog/checkpoint`)).text();
      return parseCheckpoint(text, log.vkey).size === 11 && splitNote(text).signatures.length === 3 ? parseCheckpoint(text, log.vkey) : undefined;
    });
    const mirrored = await mirrorTiles({ source: httpTileFetcher(`${log.server!.url}/tlog`), target: directoryMirrorTarget(mirrorDir), logKey: log.vkey });
    expect(mirrored.checkpoint.size).toBe(11);
    await log.stop();

    log.restore(backup);
    const refused = log.start([configured(log.witnesses[0]!), configured(log.witnesses[1]!)]);
    await expect(refused).rejects.toMatchObject({ code: 'store_rolled_back', message: expect.stringMatching(/witness witness\.test\/[ab] has cosigned size 11, the store has size 6/) });

    const recovered = await recoverFromTiles(log.dataDir, directoryTileFetcher(mirrorDir));
    expect(recovered).toMatchObject({ fromSize: 6, size: 11, appended: 5, rootHash: witnessed.rootHash });
    const server = await log.start([configured(log.witnesses[0]!), configured(log.witnesses[1]!)]);
    expect(server.ledger.logInfo()).toMatchObject({ size: 11, rootHash: witnessed.rootHash });
    // The mirror holds the cosigned checkpoint: a replay from it alone meets the quorum policy.
    const replayed = await tally('replay', '--tiles', mirrorDir, '--log-key', log.vkey, '--policy', policyFile);
    expect(replayed.code).toBe(0);
    expect(replayed.out).toMatch(/OK: replayed 11 entries/);
    // The recovered log goes on, and its witnesses go on cosigning it.
    expect(await log.append(1)).toEqual([201]);
    await eventually(async () => (log.server!.witnessing!.status().every((s) => s.cosignedSize === 12) ? true : undefined));
  });

  it('writes a C2SP tlog-proof of one entry that verifies under the quorum policy', async () => {
    const written = await tally('proof', 'write', '--url', log.server!.url, '--seq', '3', '--log-key', log.vkey);
    expect(written.code).toBe(0);
    const proofFile = join(log.work, 'entry-3.tlog-proof');
    writeFileSync(proofFile, written.out + '\n');
    expect(written.out.startsWith('c2sp.org/tlog-proof@v1\nindex 3\n')).toBe(true);
    const entryFile = join(log.work, 'entry-3.json');
    writeFileSync(entryFile, (await log.server!.ledger.entryText(3))!);
    const ok = await tally('proof', 'verify', proofFile, '--entry', entryFile, '--log-key', log.vkey, '--policy', policyFile);
    expect(ok).toMatchObject({ code: 0, out: expect.stringMatching(/VALID: entry 3/) });
    writeFileSync(entryFile, (await log.server!.ledger.entryText(4))!);
    const wrong = await tally('proof', 'verify', proofFile, '--entry', entryFile, '--log-key', log.vkey);
    expect(wrong).toMatchObject({ code: 1, out: expect.stringMatching(/invalid_tlog_proof/) });
  });

  it('a fork signed with the log key is refused by the witnesses (422/409) and caught by tally monitor', async () => {
    const honest = parseCheckpoint(await (await fetch(`${log.server!.url}/tlog/checkpoint`)).text(), log.vkey);
    // The double: the same log key, another history of 20 entries.
    const forkLeaves = Array.from({ length: 20 }, (_, i) => leafHash(utf8Encode(`forged ${i}`)));
    const fork = signCheckpoint({ origin: log.origin, size: 20, rootHash: toHex(rootFromLeafHashes(forkLeaves)) }, log.logKey.secretKey, log.logKey.publicKey);
    const w = log.witnesses[0]!;
    const viaProof = await fetch(`${w.url}/add-checkpoint`, { method: 'POST', body: encodeAddCheckpoint(honest.size, consistencyProofFromLeaves(forkLeaves, honest.size, 20), fork) });
    expect(viaProof.status).toBe(422);
    const fromScratch = await fetch(`${w.url}/add-checkpoint`, { method: 'POST', body: encodeAddCheckpoint(0, [], fork) });
    expect(fromScratch.status).toBe(409);
    expect(await fromScratch.text()).toBe(`${honest.size}\n`);

    const state = join(mkdtempSync(join(log.work, 'monitor-')), 'state.json');
    const first = await tally('monitor', '--url', log.server!.url, '--log-key', log.vkey, '--state', state, '--count', '1', '--policy', policyFile);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/ok size 12/);
    const double = createServer((req, res) => {
      if (req.url === '/v1/checkpoint') return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(fork);
      const m = /from=(\d+)&to=(\d+)/.exec(req.url ?? '');
      if (m) {
        const proof = consistencyProofFromLeaves(forkLeaves, Number(m[1]), Number(m[2])).map(toHex);
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ from: Number(m[1]), to: Number(m[2]), proof }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => double.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(double.address() as AddressInfo).port}`;
      const caught = await tally('monitor', '--url', url, '--log-key', log.vkey, '--state', state, '--count', '1');
      expect(caught.code).toBe(3);
      expect(caught.out).toMatch(/ALERT fork_detected/);
      // Under the policy the forged checkpoint is refused before any proof is asked: no witness cosigned it.
      const refused = await tally('monitor', '--url', url, '--log-key', log.vkey, '--state', state, '--count', '1', '--policy', policyFile);
      expect(refused.out).toMatch(/refused policy_unsatisfied/);
    } finally {
      double.close();
    }
  });

  it('a witness that is down delays no acknowledgement; the policy then names it as missing', async () => {
    await log.stop();
    const hole = await blackHoleWitness('witness.test/down');
    try {
      const a = log.witnesses[0]!;
      await log.start([configured(a), configured(hole)], { startAttempts: 1, startTimeoutMs: 300, timeoutMs: 60_000 });
      const statuses = await log.append(4);
      expect(statuses).toEqual([201, 201, 201, 201]);
      // Every acknowledgement came while a request to the dead witness was still hanging.
      expect(hole.open()).toBeGreaterThan(0);
      const served = await eventually(async () => {
        const text = await (await fetch(`${log.server!.url}/tlog/checkpoint`)).text();
        return parseCheckpoint(text, log.vkey).size === 16 && splitNote(text).signatures.length === 2 ? text : undefined;
      });
      const strict = parsePolicy(`log ${log.vkey}\nwitness A ${a.vkey}\nwitness D ${hole.vkey}\ngroup both all A D\nquorum both\n`);
      expect(() => checkPolicy(served, strict)).toThrow(expect.objectContaining({ code: 'policy_unsatisfied', message: expect.stringContaining('missing D') }));
      const lenient = parsePolicy(`log ${log.vkey}\nwitness A ${a.vkey}\nwitness D ${hole.vkey}\ngroup one any A D\nquorum one\n`);
      expect(checkPolicy(served, lenient).cosigned).toEqual(['A']);
      await log.stop();
    } finally {
      await hole.close();
    }
  });

  it('refuses a restored store that has since signed a different history: the witness size is smaller but not consistent', async () => {
    log.restore(join(log.work, 'backup-at-6'));
    // The old data directory accepted other events before anyone noticed (run without witnesses).
    await log.start([]);
    await log.append(12);
    await log.stop();
    const refused = log.start([configured(log.witnesses[0]!)]);
    await expect(refused).rejects.toMatchObject({ code: 'store_rolled_back', message: expect.stringMatching(/has cosigned size 1[26] with a tree the store \(size 18\) does not extend/) });
  });
});
