import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type WitnessingOptions } from '../../api/server.js';
import { generateKeyPair, keyIdOf, type KeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { verifierKeyString } from '../../ledger/log/checkpoint.js';
import { cosignerKeyString, parseCosignerKey } from '../../ledger/witness/cosignature.js';
import type { ConfiguredWitness } from '../../ledger/witness/witness-list.js';
import { createTallyClient } from '../../sdk/client.js';
import { EventSigner } from '../../sdk/event-builder.js';
import { writeKeyFile } from '../../sdk/node/key-file.js';
import { startWitness, type RunningWitness } from '../../witness/server.js';

/**
 * A witnessed Tally log for tests: a data directory whose log key the test made (so witnesses
 * can be configured before the log first starts), real witnesses on loopback, and helpers to
 * append events, back up and restore the data directory.
 */
export class WitnessedLog {
  readonly work = mkdtempSync(join(tmpdir(), 'tally-witnessed-'));
  readonly dataDir = join(this.work, 'data');
  readonly origin = 'witnessed.tally.test/log';
  readonly logKey: KeyPair = generateKeyPair();
  readonly registrarKey: KeyPair = generateKeyPair();
  readonly vkey = verifierKeyString(this.origin, this.logKey.publicKey);
  readonly registrar = new EventSigner({ ledger: this.origin, actor: 'registrar', secretKey: this.registrarKey.secretKey });
  readonly witnesses: RunningWitness[] = [];
  server: RunningServer | undefined;
  private participants = 0;

  constructor() {
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    writeKeyFile(join(this.dataDir, 'log-key.json'), this.logKey);
  }

  async addWitness(name: string): Promise<RunningWitness> {
    const w = await startWitness({ name, key: generateKeyPair(), logKeys: [this.vkey], stateDir: join(this.work, `state-${name.replace(/\W/g, '_')}`) });
    this.witnesses.push(w);
    return w;
  }

  async start(witnesses: ConfiguredWitness[], options: WitnessingOptions = {}, lines: unknown[] = []): Promise<RunningServer> {
    this.server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir: this.dataDir, origin: this.origin, homeCountry: 'GB', registrarKey: toBase64Url(this.registrarKey.publicKey), backgroundCheck: false, witnesses },
      (line) => lines.push(line),
      { backoffMs: 20, startAttempts: 1, startTimeoutMs: 2_000, ...options },
    );
    return this.server;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  /** Appends `count` participant registrations over HTTP; returns the statuses. */
  async append(count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = `p${++this.participants}`;
      const envelope = this.registrar.sign('participant.register', {
        id: `reg-${id}`,
        participant: { id, name: id, roles: ['recycler'], country: 'GB', sites: [{ id: 'yard', name: 'Yard', country: 'GB' }], keys: [toBase64Url(generateKeyPair().publicKey)] },
      });
      const res = await fetch(`${this.server!.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(envelope) });
      statuses.push(res.status);
      await res.text();
    }
    return statuses;
  }

  get registrarSigner() {
    return { participant: 'registrar', keyId: keyIdOf(this.registrarKey.publicKey), secretKey: this.registrarKey.secretKey };
  }

  client() {
    return createTallyClient({ baseUrl: this.server!.url, signer: this.registrarSigner });
  }

  backup(name: string): string {
    const copy = join(this.work, name);
    cpSync(this.dataDir, copy, { recursive: true });
    return copy;
  }

  restore(copy: string): void {
    rmSync(this.dataDir, { recursive: true, force: true });
    cpSync(copy, this.dataDir, { recursive: true });
  }

  async close(): Promise<void> {
    await this.stop();
    for (const w of this.witnesses) await w.close();
    rmSync(this.work, { recursive: true, force: true });
  }
}

export function configured(w: { vkey: string; url: string }): ConfiguredWitness {
  return { vkey: w.vkey, key: parseCosignerKey(w.vkey), url: w.url };
}

/** A witness that accepts connections and never answers: the worst kind of down. */
export async function blackHoleWitness(name: string): Promise<{ vkey: string; url: string; open: () => number; close: () => Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    vkey: cosignerKeyString(name, generateKeyPair().publicKey),
    url: `http://127.0.0.1:${port}`,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `probe` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
