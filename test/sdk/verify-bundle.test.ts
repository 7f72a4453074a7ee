import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditBundle } from '../../schemas/bundle.js';
import type { Entry } from '../../schemas/entry.js';
import { generateKeyPair, keyIdOf } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import { verifierKeyString } from '../../ledger/log/checkpoint.js';
import { verifyClaims } from '../../ledger/custody/queries/index.js';
import { assembleBundle } from '../../ledger/store/bundle-source.js';
import { bundleClaims, verifyBundle } from '../../sdk/verify/index.js';
import { nodeVerify, nodeVerifyOnPool } from '../../sdk/node-verify.js';
import { nodeHashes } from '../../sdk/node-hashes.js';
import { AFTER_RODF_LEFT, copperChain, kg, ORIGIN, RODF_IRRELEVANT, RODF_LINEAGE, RODF_PARTICIPANT_ENTRIES, type ScenarioLedger } from './scenario.js';
import { flipHex, forgeBundle, refusal } from './support.js';

let s: ScenarioLedger;
let bundle: AuditBundle;
let log: Entry[];
const fast = { verify: nodeVerify };

beforeAll(async () => {
  s = await copperChain();
  bundle = (await assembleBundle(s.ledger, 'RODF'))!;
  log = await s.ledger.entries(0, s.ledger.size);
});
afterAll(() => s.ledger.close());

const copy = (): AuditBundle => structuredClone(bundle);
const indexOf = (b: AuditBundle, seq: number) => b.entries.findIndex((item) => item.seq === seq);
const without = (b: AuditBundle, seq: number): AuditBundle => ({ ...b, entries: b.entries.filter((item) => item.seq !== seq) });

describe('verifyBundle: a genuine bundle', () => {
  it('verifies with @noble alone and recomputes the batch and its SPEC 4 figures', async () => {
    const verified = await verifyBundle(copy(), s.logKey);
    expect(verified.ok).toBe(true);
    expect(verified.batch).toEqual(bundle.batch);
    // Pool: 99 kg post-consumer GB, 30 kg post-consumer IE, 60 kg primary CL (189 kg); ROD took 150 kg of it,
    // RODF 60 kg of ROD, then corrected to 59.5 kg.
    expect(verified.batch.massG).toBe(kg(59.5));
    expect(verified.provenance).toMatchObject({ batch: 'RODF', massG: kg(59.5), mixed: true, allocated: false, model: 'controlled-blending' });
    expect(verified.provenance.recycledG + verified.provenance.composition.find((p) => p.kind === 'primary')!.massG).toBe(kg(59.5));
    expect(verified.provenance.custodyCountries).toEqual(['GB', 'IE']);
    expect(verified.provenance.lineage).toEqual(RODF_LINEAGE.map((name) => s.seq[name]!));
    expect(verified.checkpoint.size).toBe(s.ledger.size);
    // What S3's and ROD's custodian did after RODF's material left them is not RODF's lineage.
    for (const name of AFTER_RODF_LEFT) expect(verified.seqs).not.toContain(s.seq[name]);
    expect(verified.seqs).not.toContain(s.seq['register U']);
    expect(verified.limits.length).toBeGreaterThan(0);
  });

  it("gives the server's claim verdicts, and says not-exported is not conclusive", async () => {
    const verified = await verifyBundle(copy(), s.logKey, fast);
    const claims = [
      { kind: 'recycled' as const, atLeast: 0.68 },
      { kind: 'recycled' as const, atLeast: 0.69 },
      { kind: 'home-recycled' as const, atLeast: 0.5 },
      { kind: 'home-processed' as const },
      { kind: 'not-exported' as const },
    ];
    const fromBundle = await bundleClaims(verified, claims);
    const fromServer = (await verifyClaims(s.ledger.state, { batch: 'RODF', claims }))!;
    expect(fromBundle.results.map(({ conclusive: _c, note: _n, ...result }) => result)).toEqual(fromServer.results);
    expect(fromBundle.results.map((r) => r.holds)).toEqual([true, false, true, false, true]);
    expect(fromBundle.results.at(-1)).toMatchObject({ kind: 'not-exported', conclusive: false });
    expect(fromBundle.asOf).toEqual({ size: s.ledger.size, rootHash: s.ledger.rootHash });
    await refusal('invalid_claims', bundleClaims(verified, [{ kind: 'recycled' }]));
  });
});

describe('verifyBundle: a tampered bundle fails, naming the entry', () => {
  const edits: Array<[string, (entry: Entry) => void]> = [
    ['prev', (e) => void (e.prev = flipHex(e.prev))],
    ['recordedAt', (e) => void (e.recordedAt = '2020-01-01T00:00:00Z')],
    ['keyId', (e) => void (e.keyId = flipHex(e.keyId, 3))],
    ['sig', (e) => void (e.sig = (e.sig[0] === 'A' ? 'B' : 'A') + e.sig.slice(1))],
    ['event.id', (e) => void (e.event.id = `${e.event.id}x`)],
    ['event.at', (e) => void (e.event.at = '2020-01-01T00:00:00Z')],
    ['event.note', (e) => void (e.event.note = 'added later')],
  ];

  it.each(edits)('any entry with its %s changed: bundle_invalid_inclusion', async (_field, edit) => {
    for (const [index, item] of bundle.entries.entries()) {
      const tampered = copy();
      edit(tampered.entries[index]!.entry as Entry);
      const err = await refusal('bundle_invalid_inclusion', verifyBundle(tampered, s.logKey, fast));
      expect(err.message).toContain(`entry ${item.seq} `);
      expect(err.path).toEqual(['entries', index, 'proof']);
    }
  });

  it('any entry with a seq other than its label: bundle_invalid_entry', async () => {
    for (const [index, item] of bundle.entries.entries()) {
      const tampered = copy();
      tampered.entries[index]!.entry.seq = item.seq + 1;
      expect((await refusal('bundle_invalid_entry', verifyBundle(tampered, s.logKey, fast))).message).toContain(`entry ${item.seq} `);
    }
  });

  it('a type-changing edit is refused by format, with the path of the field', async () => {
    const tampered = copy();
    (tampered.entries[3]!.entry.event as Record<string, unknown>).at = 12;
    const err = await refusal('bundle_invalid_format', verifyBundle(tampered, s.logKey, fast));
    expect(err.path).toEqual(['entries', 3, 'entry', 'event', 'at']);
  });

  it('any proof hash changed, dropped or added: bundle_invalid_inclusion', async () => {
    for (const [index, item] of bundle.entries.entries()) {
      for (const edit of [
        (p: string[]) => p.map((h, i) => (i === p.length - 1 ? flipHex(h) : h)),
        (p: string[]) => p.slice(0, -1),
        (p: string[]) => [...p, 'f'.repeat(64)],
      ]) {
        const tampered = copy();
        tampered.entries[index]!.proof = edit(tampered.entries[index]!.proof);
        expect((await refusal('bundle_invalid_inclusion', verifyBundle(tampered, s.logKey, fast))).message).toContain(`entry ${item.seq} `);
      }
    }
  });

  it('a checkpoint whose body or signature changed: bundle_invalid_checkpoint', async () => {
    const [origin, size, root, blank, signature] = bundle.checkpoint.split('\n') as [string, string, string, string, string];
    const variants = [
      [origin, String(Number(size) + 1), root, blank, signature],
      [origin, size, `${root[0] === 'A' ? 'B' : 'A'}${root.slice(1)}`, blank, signature],
      [origin, size, root, blank, signature.slice(0, -6) + (signature.at(-6) === 'A' ? 'B' : 'A') + signature.slice(-5)],
    ];
    for (const lines of variants) {
      await refusal('bundle_invalid_checkpoint', verifyBundle({ ...copy(), checkpoint: [...lines, ''].join('\n') }, s.logKey, fast));
    }
    const forger = generateKeyPair();
    const otherKey = verifierKeyString(ORIGIN, forger.publicKey);
    // Signed by another key of the same name: not by the trusted one.
    const forged = forgeBundle(bundle, log, forger);
    await refusal('bundle_invalid_checkpoint', verifyBundle(forged, s.logKey, fast));
    // Naming the other key does not help: the trusted key is the caller's, not the bundle's.
    await refusal('bundle_untrusted_log_key', verifyBundle({ ...forged, logKey: otherKey }, s.logKey, fast));
  });

  it('a claimed batch that the entries do not give: bundle_figures_mismatch naming the field', async () => {
    const edits: Array<[string, (b: AuditBundle['batch']) => void]> = [
      ['massG', (b) => void (b.massG += 1)],
      ['composition', (b) => void (b.composition[0]!.massG += 1)],
      ['custodyCountries', (b) => void (b.custodyCountries = ['GB'])],
      ['mixed', (b) => void (b.mixed = false)],
      ['custodian', (b) => void (b.custodian = 'mill')],
      ['status', (b) => void (b.status = 'retired')],
    ];
    for (const [field, edit] of edits) {
      const tampered = copy();
      edit(tampered.batch);
      const err = await refusal('bundle_figures_mismatch', verifyBundle(tampered, s.logKey, fast));
      expect(err.path).toEqual(['batch', field]);
    }
  });

  it('entries out of order, repeated, or beyond the checkpoint: bundle_invalid_entry', async () => {
    const swapped = copy();
    [swapped.entries[2], swapped.entries[3]] = [swapped.entries[3]!, swapped.entries[2]!];
    await refusal('bundle_invalid_entry', verifyBundle(swapped, s.logKey, fast));
    const repeated = copy();
    repeated.entries.splice(3, 0, structuredClone(repeated.entries[3]!));
    await refusal('bundle_invalid_entry', verifyBundle(repeated, s.logKey, fast));
    await refusal('bundle_invalid_format', verifyBundle({ ...copy(), format: 'tally-bundle/v2' }, s.logKey, fast));
  });

  it('a swapped key entry (the recycler registered with another key): bundle_invalid_inclusion at that entry', async () => {
    const seq = s.seq['register recycler']!;
    const index = indexOf(bundle, seq);
    const original = bundle.entries[index]!.entry;
    const intruder = generateKeyPair();
    const event = structuredClone(original.event) as Entry['event'] & { participant: { keys: string[] } };
    event.participant.keys = [toBase64Url(intruder.publicKey)];
    const swapped = signEvent(event, s.keyOf('registrar').secretKey);
    const tampered = copy();
    tampered.entries[index]!.entry = { ...original, ...swapped } as AuditBundle['entries'][number]['entry'];
    const err = await refusal('bundle_invalid_inclusion', verifyBundle(tampered, s.logKey, fast));
    expect(err.message).toContain(`entry ${seq} `);
  });
});

describe('verifyBundle: entries left out', () => {
  it('genesis, any participant entry, and any lineage entry the batch depends on are missed', async () => {
    await refusal('bundle_incomplete', verifyBundle(without(copy(), 0), s.logKey, fast));
    const relevant = [...RODF_PARTICIPANT_ENTRIES, ...RODF_LINEAGE.filter((name) => !RODF_IRRELEVANT.includes(name))];
    for (const name of relevant) {
      let caught: unknown;
      try {
        await verifyBundle(without(copy(), s.seq[name]!), s.logKey, fast);
      } catch (err) {
        caught = err;
      }
      expect(caught, `dropping "${name}" went unnoticed`).toMatchObject({
        code: expect.stringMatching(/^bundle_(incomplete|invalid_event|invalid_signature|figures_mismatch)$/),
      });
    }
  });

  it('no stand-in is made for an ancestor: every entry of S2 left out stops the replay at the melt', async () => {
    let partial = copy();
    for (const name of ['register S2', 'send S2', 'receive S2']) partial = without(partial, s.seq[name]!);
    const err = await refusal('bundle_incomplete', verifyBundle(partial, s.logKey, fast));
    expect(err.message).toMatch(new RegExp(`^entry ${s.seq['melt ROD']} \\(batch.transform\\): unknown_batch: no batch S2`));
  });

  it('specific reasons: a dropped key rotation, site update, receive and correction', async () => {
    const rotation = await refusal('bundle_invalid_signature', verifyBundle(without(copy(), s.seq['rotate recycler']!), s.logKey, fast));
    expect(rotation.message).toMatch(new RegExp(`^entry ${s.seq['register S1']} \\(batch.register\\): unknown_signing_key`));
    const update = await refusal('bundle_invalid_event', verifyBundle(without(copy(), s.seq['update mill']!), s.logKey, fast));
    expect(update.message).toMatch(new RegExp(`^entry ${s.seq['send S3']} \\(batch.transfer\\): unknown_site`));
    const register = await refusal('bundle_incomplete', verifyBundle(without(copy(), s.seq['register S2']!), s.logKey, fast));
    expect(register.message).toMatch(new RegExp(`^entry ${s.seq['send S2']} \\(batch.transfer\\): unknown_batch`));
    const adjust = await refusal('bundle_figures_mismatch', verifyBundle(without(copy(), s.seq['adjust RODF']!), s.logKey, fast));
    expect(adjust.message).toBe('batch RODF: the bundle claims massG 59500, its lineage entries give 60000');
  });

  it('entries that do not change the batch (a later use or export of an ancestor, an attestation) can be left out unnoticed, and the figures stay right', async () => {
    const full = await verifyBundle(copy(), s.logKey, fast);
    for (const name of RODF_IRRELEVANT) {
      const partial = await verifyBundle(without(copy(), s.seq[name]!), s.logKey, fast);
      expect(partial.batch).toEqual(full.batch);
      const { lineage: _a, ...figures } = partial.provenance;
      const { lineage: _b, ...fullFigures } = full.provenance;
      expect(figures).toEqual(fullFigures);
    }
  });
});

describe('verifyBundle: a log operator who signs what it likes is still caught', () => {
  const logKey = () => s.settings.logKey;

  it('a broken prev link between two entries of the bundle: bundle_invalid_prev', async () => {
    const seq = s.seq['receive S1a']!;
    const edited = log.map((entry) => structuredClone(entry));
    edited[seq]!.prev = edited[seq - 2]!.prev;
    const err = await refusal('bundle_invalid_prev', verifyBundle(forgeBundle(bundle, edited, logKey()), s.logKey, fast));
    expect(err.message).toBe(`the prev of entry ${seq} is not the hash of entry ${seq - 1}`);
  });

  it('an event altered after signing: bundle_invalid_signature', async () => {
    const seq = s.seq['receive S1a']!;
    const edited = log.map((entry) => structuredClone(entry));
    (edited[seq]!.event as Record<string, unknown>).massG = kg(100);
    const err = await refusal('bundle_invalid_signature', verifyBundle(forgeBundle(bundle, edited, logKey(), { rechain: true }), s.logKey, fast));
    expect(err.message).toMatch(new RegExp(`^entry ${seq} \\(batch.receive\\): bad_signature`));
  });

  it('an event signed by a revoked key: bundle_invalid_signature', async () => {
    const seq = s.seq['register S1']!;
    const oldKey = s.keys.get('recycler')![0]!;
    const edited = log.map((entry) => structuredClone(entry));
    edited[seq] = { ...edited[seq]!, ...signEvent(edited[seq]!.event, oldKey.secretKey) };
    expect(edited[seq]!.keyId).toBe(keyIdOf(oldKey.publicKey));
    const err = await refusal('bundle_invalid_signature', verifyBundle(forgeBundle(bundle, edited, logKey(), { rechain: true }), s.logKey, fast));
    expect(err.message).toMatch(new RegExp(`^entry ${seq} \\(batch.register\\): signing_key_revoked`));
  });

  it('a properly signed event that breaks a custody rule: bundle_invalid_event', async () => {
    const seq = s.seq['receive S1a']!;
    const edited = log.map((entry) => structuredClone(entry));
    const event = { ...edited[seq]!.event, massG: kg(101) };
    edited[seq] = { ...edited[seq]!, ...signEvent(event, s.keyOf('mill').secretKey) };
    const err = await refusal('bundle_invalid_event', verifyBundle(forgeBundle(bundle, edited, logKey(), { rechain: true }), s.logKey, fast));
    expect(err.message).toMatch(new RegExp(`^entry ${seq} \\(batch.receive\\): receive_exceeds_sent`));
    expect(err.path).toEqual(['entries', indexOf(bundle, seq), 'entry', 'event', 'massG']);
  });
});

describe('verifyBundle with the signatures checked ahead on the thread pool', () => {
  const ahead = { verify: nodeVerify, checkAhead: nodeVerifyOnPool };
  const logKey = () => s.settings.logKey;

  it('verifies a genuine bundle to the same batch and provenance', async () => {
    const alone = await verifyBundle(copy(), s.logKey, fast);
    const withPool = await verifyBundle(copy(), s.logKey, ahead);
    expect(withPool.batch).toEqual(alone.batch);
    expect(withPool.provenance).toEqual(alone.provenance);
  });

  it('still refuses an event altered after signing, and one signed by a revoked key, whose signature is good', async () => {
    const altered = log.map((entry) => structuredClone(entry));
    (altered[s.seq['receive S1a']!]!.event as Record<string, unknown>).massG = kg(100);
    const first = await refusal('bundle_invalid_signature', verifyBundle(forgeBundle(bundle, altered, logKey(), { rechain: true }), s.logKey, ahead));
    expect(first.message).toMatch(/\(batch.receive\): bad_signature/);

    const seq = s.seq['register S1']!;
    const revoked = log.map((entry) => structuredClone(entry));
    revoked[seq] = { ...revoked[seq]!, ...signEvent(revoked[seq]!.event, s.keys.get('recycler')![0]!.secretKey) };
    const second = await refusal('bundle_invalid_signature', verifyBundle(forgeBundle(bundle, revoked, logKey(), { rechain: true }), s.logKey, ahead));
    expect(second.message).toMatch(new RegExp(`^entry ${seq} \\(batch.register\\): signing_key_revoked`));
  });
});

describe("verifyBundle with node:crypto's hashes (the CLI's)", () => {
  const withNode = { verify: nodeVerify, hashes: nodeHashes };

  it('verifies a genuine bundle to the same batch and provenance, and uses the hashes it is given', async () => {
    const alone = await verifyBundle(copy(), s.logKey, fast);
    const node = await verifyBundle(copy(), s.logKey, withNode);
    expect(node.batch).toEqual(alone.batch);
    expect(node.provenance).toEqual(alone.provenance);
    // Hashes that are not the log's refuse the genuine bundle: the option is what checks it.
    const wrongLeaf = { ...withNode, hashes: { ...nodeHashes, leafHash: (bytes: Uint8Array) => nodeHashes.nodeHash(bytes, bytes) } };
    await refusal('bundle_invalid_inclusion', verifyBundle(copy(), s.logKey, wrongLeaf));
    const wrongNode = { ...withNode, hashes: { ...nodeHashes, nodeHash: (left: Uint8Array, right: Uint8Array) => nodeHashes.nodeHash(right, left) } };
    await refusal('bundle_invalid_inclusion', verifyBundle(copy(), s.logKey, wrongNode));
  });

  it('refuses any entry changed and any proof hash changed, dropped or added, naming the entry', async () => {
    for (const [index, item] of bundle.entries.entries()) {
      const edited = copy();
      (edited.entries[index]!.entry as Entry).recordedAt = '2020-01-01T00:00:00Z';
      expect((await refusal('bundle_invalid_inclusion', verifyBundle(edited, s.logKey, withNode))).message).toContain(`entry ${item.seq} `);
      for (const edit of [
        (p: string[]) => p.map((h, i) => (i === 0 ? flipHex(h) : h)),
        (p: string[]) => p.slice(0, -1),
        (p: string[]) => [...p, 'f'.repeat(64)],
      ]) {
        const tampered = copy();
        tampered.entries[index]!.proof = edit(tampered.entries[index]!.proof);
        expect((await refusal('bundle_invalid_inclusion', verifyBundle(tampered, s.logKey, withNode))).message).toContain(`entry ${item.seq} `);
      }
    }
  });
});
