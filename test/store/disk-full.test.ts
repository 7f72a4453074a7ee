import { rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { entryHash } from '../../ledger/log/entry.js';
import { signEvent } from '../../ledger/log/event-signing.js';
import type { KeyRange, KvBackend } from '../../ledger/store/backend.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import type { Envelope } from '../../schemas/entry.js';
import { testLedgerSettings } from '../support/ledger-fixtures.js';
import { TestServer } from '../support/server.js';
import { mountSmallDisk } from '../support/small-disk.js';

/**
 * Fault 1 of the trust issue: a data directory on a filesystem that fills up. Appends fail while
 * it is full; space is freed without a restart; more appends follow; then a restart. Every
 * acknowledged (201) entry must be in the restarted log with the hash it was acknowledged with,
 * and no two checkpoints the log published may have one size and different roots.
 *
 * Runs twice: a real server on a real tmpfs when this process may mount one (root, as in CI;
 * otherwise that run prints why it was skipped), and always the ledger on LevelDB behind a backend
 * that injects ENOSPC after a byte budget, the failing write landing as a real full disk may
 * leave it. Each run prints what ran.
 */

/** What the scenario drives: a ledger behind HTTP or in process. */
interface Subject {
  /** HTTP-like status of one submission: 201 appended, 5xx refused. */
  submit(envelope: Envelope): Promise<{ status: number; seq?: number; hash?: string }>;
  checkpoint(): Promise<string | undefined>;
  free(): void;
  restart(): Promise<void>;
  entryHashes(): Promise<string[]>;
  origin: string;
  registrarSecret: Uint8Array;
  close(): Promise<void>;
}

/** A registration of about 3 KB (ten sites with long names), so the disk fills in a few hundred appends. */
function bigRegistration(subject: Subject, n: number): Envelope {
  const key = generateKeyPair().publicKey;
  return signEvent(
    {
      v: 1,
      ledger: subject.origin,
      id: `fill-${n}`,
      type: 'participant.register',
      actor: 'registrar',
      at: new Date().toISOString(),
      participant: {
        id: `filler-${n}`,
        name: `Filler ${n}`,
        roles: ['recycler'],
        country: 'GB',
        sites: Array.from({ length: 10 }, (_, i) => ({ id: `site-${i}`, name: `${'Yard '.repeat(39)}${i}`, country: 'GB' })),
        keys: [toBase64Url(key)],
      },
    } as never,
    subject.registrarSecret,
  );
}

function checkpointSizeRoot(text: string): [number, string] {
  const [, size, root] = text.split('\n');
  return [Number(size), root!];
}

async function runScenario(subject: Subject): Promise<void> {
  const acknowledged = new Map<number, string>();
  const rootsBySize = new Map<number, Set<string>>();
  const observe = async () => {
    const text = await subject.checkpoint();
    if (text === undefined) return;
    const [size, root] = checkpointSizeRoot(text);
    if (!rootsBySize.has(size)) rootsBySize.set(size, new Set());
    rootsBySize.get(size)!.add(root);
  };
  let n = 0;
  const submitOne = async () => {
    const outcome = await subject.submit(bigRegistration(subject, n++));
    if (outcome.status === 201) acknowledged.set(outcome.seq!, outcome.hash!);
    else expect(outcome.status, 'a failed append answers 5xx').toBeGreaterThanOrEqual(500);
    await observe();
    return outcome.status;
  };

  // Fill the disk: appends until ten have failed.
  let failures = 0;
  for (let i = 0; i < 3000 && failures < 10; i++) if ((await submitOne()) !== 201) failures++;
  const beforeFull = acknowledged.size;
  expect(beforeFull, 'some appends succeed before the disk is full').toBeGreaterThan(0);
  expect(failures, 'the disk filled up').toBe(10);

  // Free space without a restart, then append on (the ledger may answer 503 while it recovers).
  subject.free();
  const deadline = Date.now() + 15_000;
  let afterFree = 0;
  while (afterFree < 40 && Date.now() < deadline) {
    if ((await submitOne()) === 201) afterFree++;
    else await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(afterFree, 'appends succeed again once space is freed').toBe(40);

  await subject.restart();
  await observe();
  const hashes = await subject.entryHashes();
  for (const [seq, hash] of acknowledged) expect(hashes[seq], `acknowledged entry ${seq} after restart`).toBe(hash);
  for (const [size, roots] of rootsBySize) expect([...roots], `checkpoints of size ${size}`).toHaveLength(1);
  console.log(`disk-full: ${beforeFull} acknowledged before the disk filled, ${afterFree} after space was freed; all ${acknowledged.size} present after restart`);
}

const BALLAST_BYTES = 768 * 1024;

it('keeps every acknowledged entry, and one root per checkpoint size, through a disk that fills and is freed', { timeout: 60_000 }, async () => {
  const disk = mountSmallDisk(2 * 1024 * 1024);
  if ('reason' in disk) {
    console.log(`disk-full: SKIPPED the real tmpfs run (${disk.reason}); the ENOSPC-injecting run below covers the ledger`);
    return;
  }
  console.log('disk-full: ran a real server on a real 2 MiB tmpfs');
  const ballast = join(disk.dir, 'ballast');
  writeFileSync(ballast, Buffer.alloc(BALLAST_BYTES, 1));
  const server = await TestServer.start({ dataDir: join(disk.dir, 'data') });
  try {
    await runScenario({
      origin: server.origin,
      registrarSecret: server.registrar.key.secretKey,
      async submit(envelope) {
        const res = await server.submit(envelope);
        return { status: res.status, seq: res.body.seq, hash: res.body.hash };
      },
      async checkpoint() {
        const res = await server.get('/v1/checkpoint');
        return res.status === 200 ? res.text : undefined;
      },
      free: () => rmSync(ballast),
      restart: () => server.restart(),
      async entryHashes() {
        return (await server.ledger.entries(0, server.ledger.size)).map(entryHash);
      },
      close: () => server.stop(),
    });
  } finally {
    await server.stop().catch(() => {});
    disk.unmount();
  }
});

it('does the same on LevelDB behind a backend that injects ENOSPC (runs everywhere)', { timeout: 60_000 }, async () => {
  console.log('disk-full: ran the ledger in process on LevelDB behind an ENOSPC-injecting backend');
  const subject = await injectedSubject();
  try {
    await runScenario(subject);
  } finally {
    await subject.close().catch(() => {});
  }
});

/** The ledger in process on LevelDB, behind a backend that fails writes past a byte budget. */
async function injectedSubject(): Promise<Subject> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-enospc-'));
  const disk = { budget: 600 * 1024, full: false };
  const open = async () => new EnospcBackend(await LevelBackend.open(dir), disk);
  const settings = testLedgerSettings({ reopen: open });
  let ledger = await Ledger.open(await open(), settings);
  return {
    origin: settings.origin,
    registrarSecret: settings.registrarKey.secretKey,
    async submit(envelope) {
      try {
        const { seq, hash, created } = await ledger.submit(envelope);
        return { status: created ? 201 : 200, seq, hash };
      } catch (err) {
        return { status: (err as { code?: string }).code === 'unavailable' || (err as { code?: string }).code === 'store_write_failed' ? 503 : 500 };
      }
    },
    checkpoint: async () => ledger.checkpoint,
    free() {
      disk.budget = Infinity;
      disk.full = false;
    },
    async restart() {
      await ledger.close();
      ledger = await Ledger.open(await open(), settings);
    },
    async entryHashes() {
      return (await ledger.entries(0, ledger.size)).map(entryHash);
    },
    async close() {
      await ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * LevelDB behind a byte budget shared by every handle on the directory, failing as LevelDB on a
 * full disk does: the write that crosses the budget reports ENOSPC yet its record may survive a
 * reopen (here it does), and writes through the same handle after the failure report success
 * but are gone on reopen (LevelDB drops the log records behind a torn one when it recovers).
 * While the disk is full every write fails.
 */
class EnospcBackend implements KvBackend {
  private poisoned = false;
  constructor(
    private readonly inner: KvBackend,
    private readonly disk: { budget: number; full: boolean },
  ) {}
  get(key: string) {
    return this.inner.get(key);
  }
  getMany(keys: readonly string[]) {
    return this.inner.getMany(keys);
  }
  scan(range: KeyRange) {
    return this.inner.scan(range);
  }
  async write(puts: ReadonlyArray<readonly [string, string]>) {
    const enospc = () => Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    if (this.disk.full) throw enospc();
    if (this.poisoned) return;
    this.disk.budget -= puts.reduce((sum, [key, value]) => sum + key.length + value.length, 0);
    if (this.disk.budget < 0) {
      this.disk.full = true;
      this.poisoned = true;
      await this.inner.write(puts);
      throw enospc();
    }
    return this.inner.write(puts);
  }
  close() {
    return this.inner.close();
  }
}
