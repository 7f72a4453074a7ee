/**
 * Start-up time of a ledger on LevelDB at growing log sizes: the start-up check (the last
 * checkpoint against the stored head, frontier and last entries, O(log n) reads) against the full
 * recomputation of the tree that start-up used to run (now `tally fsck` and the optional
 * background check), measured on the same store in the same run. Both include opening LevelDB
 * and loading the resident state. Prints a table and writes bench/results/startup.json.
 *
 *   npx tsx bench/startup.ts [--sizes 10000,50000] [--rounds 5]
 *   npx tsx bench/startup.ts --kept <store dir> [--rounds 5]   # a store filled elsewhere (1M)
 *
 * With --kept, each side is measured on that store as the ledger's open runs it (LevelDB open,
 * the start-up check with the log key genesis recorded, the resident state loaded), without
 * Ledger.open's comparison of settings against genesis (one read), which needs the generator's
 * keys; the full recomputation runs once (it takes minutes at a million entries). Writes
 * bench/results/startup-kept.json.
 */
import { createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { keyIdOf } from '../ledger/crypto/keys.js';
import { toBase64Url } from '../ledger/encoding/bytes.js';
import { canonicalize } from '../ledger/encoding/jcs.js';
import type { KvBackend } from '../ledger/store/backend.js';
import { prefixRange } from '../ledger/store/backend.js';
import { Ledger, type LedgerSettings } from '../ledger/store/ledger.js';
import { LevelBackend } from '../ledger/store/level-backend.js';
import { NodeVerifier } from '../ledger/store/node-verifier.js';
import { nodeSigner } from '../ledger/store/node-signer.js';
import { RESIDENT_PREFIXES, thaw } from '../ledger/store/overlay.js';
import { checkStoredLog, recomputeLog } from '../ledger/store/recovery.js';
import { stateKeys } from '../ledger/custody/keys.js';
import type { LedgerMeta } from '../schemas/state.js';
import type { Envelope } from '../schemas/entry.js';
import type { VerifyFn } from '../ledger/crypto/signature.js';
import { benchKeys, registerRecycler, type BenchKeys } from './fixtures.js';
import { commandLine, median, writeResult } from './report.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,50000' }, rounds: { type: 'string', default: '5' }, kept: { type: 'string' } } });
const SIZES = values.sizes!.split(',').map(Number);
const ROUNDS = Number(values.rounds);

/** DER prefix of an Ed25519 PKCS#8 private key; the 32 seed bytes follow it. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Scrap registrations signed with node:crypto (noble signing would dominate the fill). */
function registrations(keys: BenchKeys, secret: KeyObject, from: number, count: number): Envelope[] {
  const at = new Date().toISOString();
  const keyId = keyIdOf(keys.recycler.publicKey);
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const event = {
      v: 1,
      ledger: keys.origin,
      id: `s-${i}`,
      type: 'batch.register',
      actor: 'recycler-1',
      at,
      batch: { id: `s-b${i}`, material: 'aluminium', form: 'scrap', grade: 'taint-tabor', massG: 1_000_000 + i, site: 'yard' },
      origin: { kind: 'post-consumer', country: 'GB' },
      evidence: [{ kind: 'weighbridge-ticket', sha256: 'ab'.repeat(32) }],
    };
    const sig = cryptoSign(null, Buffer.from(`tally/event/v1\n${canonicalize(event)}`), secret);
    return { event, keyId, sig: toBase64Url(sig) } as unknown as Envelope;
  });
}

/** What start-up did before: open, recompute the tree over every entry, load the resident state. */
async function fullRecomputeStart(dir: string, logKeyString: string, verify: VerifyFn): Promise<number> {
  const started = performance.now();
  const backend: KvBackend = await LevelBackend.open(dir);
  await recomputeLog(backend, logKeyString, verify);
  for (const prefix of RESIDENT_PREFIXES) for await (const _ of backend.scan(prefixRange(prefix)));
  const ms = performance.now() - started;
  await backend.close();
  return ms;
}

/** Start-up now: Ledger.open, whose check reads the head, frontier and last entries. */
async function cheapStart(dir: string, settings: LedgerSettings): Promise<number> {
  const started = performance.now();
  const ledger = await Ledger.open(await LevelBackend.open(dir), settings);
  const ms = performance.now() - started;
  await ledger.close();
  return ms;
}

/** Start-up on a kept store: open, start-up check, resident state; and the full recomputation once. */
async function measureKept(storeDir: string): Promise<void> {
  const probe = await LevelBackend.open(storeDir);
  const meta = JSON.parse((await probe.get(stateKeys.ledgerMeta))!) as LedgerMeta;
  await probe.close();
  const verify = new NodeVerifier().verify;
  const check: number[] = [];
  let size = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const backend = await LevelBackend.open(storeDir);
    size = (await checkStoredLog(backend, meta.logKey, verify)).head.size;
    for (const prefix of RESIDENT_PREFIXES) for await (const [, value] of backend.scan(prefixRange(prefix))) thaw(value);
    check.push(performance.now() - started);
    await backend.close();
  }
  const full = await fullRecomputeStart(storeDir, meta.logKey, verify);
  const row = { entries: size, 'full recomputation ms (before)': Number(full.toFixed(1)), 'start-up check ms (now)': Number(median(check).toFixed(1)), 'before / now': Number((full / median(check)).toFixed(1)), target: '<= 2000', verdict: median(check) <= 2000 ? 'pass' : 'miss' };
  console.log(row);
  writeResult('startup-kept', [row], { rounds: ROUNDS, samples: check, command: commandLine('bench/startup.ts'), note: 'open + start-up check + resident state on a kept store (median of rounds); the full recomputation once' });
}

if (values.kept !== undefined) {
  await measureKept(values.kept);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'tally-bench-startup-'));
try {
  const keys = benchKeys();
  const verifier = new NodeVerifier();
  const settings = {
    origin: keys.origin,
    homeCountry: 'GB',
    logKey: keys.logKey,
    registrar: { publicKey: keys.registrar.publicKey },
    verify: verifier.verify,
    preverify: (sig: Uint8Array, msg: Uint8Array, pub: Uint8Array) => verifier.check(sig, msg, pub),
    sign: nodeSigner(keys.logKey.secretKey),
  };
  const secret = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, keys.recycler.secretKey]), format: 'der', type: 'pkcs8' });
  let ledger = await Ledger.open(await LevelBackend.open(dir), settings);
  const logKeyString = ledger.info.logKey;
  await ledger.submit(registerRecycler(keys));

  const rows: Array<Record<string, string | number>> = [];
  for (const size of SIZES) {
    const fillStarted = performance.now();
    while (ledger.size < size) {
      const batch = registrations(keys, secret, ledger.size, Math.min(2000, size - ledger.size));
      await Promise.all(batch.map((envelope) => ledger.submit(envelope)));
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    await ledger.close();

    const before: number[] = [];
    const after: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      before.push(await fullRecomputeStart(dir, logKeyString, settings.verify));
      after.push(await cheapStart(dir, settings));
    }
    const row = {
      entries: size,
      'full recomputation ms (before)': Number(median(before).toFixed(1)),
      'start-up check ms (now)': Number(median(after).toFixed(1)),
      'before / now': Number((median(before) / median(after)).toFixed(1)),
      'fill s': Number(fillSeconds.toFixed(1)),
    };
    rows.push(row);
    console.log(row);
    ledger = await Ledger.open(await LevelBackend.open(dir), settings);
  }
  await ledger.close();
  writeResult('startup', rows, { rounds: ROUNDS, note: 'medians of open-to-ready on a warm page cache; both include opening LevelDB and loading the resident state' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
