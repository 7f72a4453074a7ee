import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toHex } from '../../ledger/encoding/bytes.js';
import { parseCheckpoint } from '../../ledger/log/checkpoint.js';
import { entryHash } from '../../ledger/log/entry.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';

const ROUNDS = 5;
const childScript = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tally-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logKey = generateKeyPair();
const registrarKey = generateKeyPair();
const settings = { origin: 'crash.test/log', homeCountry: 'GB', logKey, registrar: { publicKey: registrarKey.publicKey } };
const childEnv = {
  ...process.env,
  CRASH_LOG_SECRET: toHex(logKey.secretKey),
  CRASH_LOG_PUBLIC: toHex(logKey.publicKey),
  CRASH_REGISTRAR_SECRET: toHex(registrarKey.secretKey),
  CRASH_REGISTRAR_PUBLIC: toHex(registrarKey.publicKey),
  CRASH_PARTICIPANT_PUBLIC: toHex(generateKeyPair().publicKey),
};

/** Runs the child until it has acknowledged some entries, kills it at a random moment, returns its acks. */
async function appendUntilKilled(round: number): Promise<Array<{ seq: number; hash: string }>> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir, String(round)], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const killAfter = 50 + Math.floor(Math.random() * 400);
    let armed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!armed && stdout.includes('\nack ')) {
        armed = true;
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, killAfter);
      }
    });
    child.on('exit', () => (armed ? resolve() : reject(new Error(`child exited early: ${stderr}`))));
  });
  await exited;
  // Only complete lines count: a line cut by the kill was never an acknowledgement we saw.
  return stdout
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.startsWith('ack '))
    .map((line) => {
      const [, seq, hash] = line.split(' ');
      return { seq: Number(seq), hash: hash! };
    });
}

it(`keeps every acknowledged entry through ${ROUNDS} SIGKILLs under concurrent load`, { timeout: 120_000 }, async () => {
  const acknowledged = new Map<number, string>();
  for (let round = 0; round < ROUNDS; round++) {
    const acks = await appendUntilKilled(round);
    expect(acks.length).toBeGreaterThan(0);
    for (const { seq, hash } of acks) acknowledged.set(seq, hash);

    // Reopening recomputes the tree and checks it against the last signed checkpoint.
    const ledger = await Ledger.open(await LevelBackend.open(dir), settings);
    const checkpoint = parseCheckpoint(ledger.checkpoint, ledger.info.logKey);
    expect(checkpoint.size).toBe(ledger.size);
    expect(checkpoint.rootHash).toBe(ledger.rootHash);
    expect(ledger.size).toBeGreaterThan(Math.max(...acknowledged.keys()));
    const entries = await ledger.entries(0, ledger.size);
    expect(entries).toHaveLength(ledger.size);
    for (const [seq, hash] of acknowledged) expect(entryHash(entries[seq]!)).toBe(hash);
    await ledger.close();
  }
});
