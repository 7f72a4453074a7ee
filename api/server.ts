import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fromBase64Url } from '../ledger/encoding/bytes.js';
import { Ledger } from '../ledger/store/ledger.js';
import { LevelBackend } from '../ledger/store/level-backend.js';
import { NodeVerifier } from '../ledger/store/node-verifier.js';
import { nodeSigner } from '../ledger/store/node-signer.js';
import { createApp } from './app.js';
import { ingestHandler, isEventSubmission } from './ingest.js';
import type { ServerConfig } from './config.js';
import { loadOrCreateKey } from '../sdk/node/key-file.js';
import { ledgerKeyLookup } from './key-directory.js';
import type { LogSink } from './request-log.js';
import { Witnessing } from './witnesses/witnessing.js';
import { assertFreshStoreNotRolledBack, assertStoreNotRolledBack } from './witnesses/start-check.js';

export interface RunningServer {
  url: string;
  ledger: Ledger;
  server: Server;
  /** Stops accepting connections, lets in-flight requests (and their appends) finish, closes the store. */
  close(): Promise<void>;
  /** Where a generated registrar key was written, when one was. */
  registrarKeyPath?: string;
  /** The witness client, when witnesses are configured (its status() feeds logs and metrics). */
  witnessing?: Witnessing;
}

/** Test hooks for the witness side (fetch, backoff); production uses the defaults. */
export interface WitnessingOptions {
  fetch?: typeof fetch;
  backoffMs?: number;
  startAttempts?: number;
  /** Per-request timeout of the start-up check (a down witness delays start by this, per attempt). */
  startTimeoutMs?: number;
  /** Per-request timeout of background submissions. */
  timeoutMs?: number;
}

/** How long a request may take before the server gives up on it (slow clients, stuck bodies). */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;
/** Largest request body: an event with its evidence list is a few kilobytes. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Opens the ledger on the embedded LevelDB store under the data directory and serves it. */
export async function startServer(config: ServerConfig, log: LogSink, witnessOptions: WitnessingOptions = {}): Promise<RunningServer> {
  const logKey = loadOrCreateKey(config.dataDir, 'log-key.json');
  let registrarPublicKey: Uint8Array;
  let registrarKeyPath: string | undefined;
  if (config.registrarKey !== undefined) {
    registrarPublicKey = fromBase64Url(config.registrarKey);
  } else {
    const registrar = loadOrCreateKey(config.dataDir, 'registrar-key.json');
    registrarPublicKey = registrar.key.publicKey;
    registrarKeyPath = registrar.path;
  }

  const verifier = new NodeVerifier();
  const witnesses = config.witnesses ?? [];
  const backend = await LevelBackend.open(join(config.dataDir, 'store'));
  // SPEC 5.1: before the log signs anything (genesis on an empty store included), its witnesses
  // say whether they have seen more of it than the store holds.
  if (witnesses.length > 0) await assertFreshStoreNotRolledBack(backend, config.origin, logKey.key, witnesses, witnessOptions, log);
  const ledger = await Ledger.open(backend, {
    origin: config.origin,
    homeCountry: config.homeCountry,
    logKey: logKey.key,
    registrar: { publicKey: registrarPublicKey },
    verify: verifier.verify,
    preverify: (sig, msg, pub) => verifier.preverify(sig, msg, pub),
    sign: nodeSigner(logKey.key.secretKey),
  });

  let witnessing: Witnessing | undefined;
  if (witnesses.length > 0) {
    let known;
    try {
      known = await assertStoreNotRolledBack(ledger, witnesses, witnessOptions, log);
    } catch (err) {
      await ledger.close();
      throw err;
    }
    witnessing = new Witnessing(ledger, witnesses, {
      knownSizes: known,
      onRollback: (error) => log({ t: new Date().toISOString(), msg: 'refusing submissions', code: error.code, detail: error.message }),
      ...(witnessOptions.fetch ? { fetch: witnessOptions.fetch } : {}),
      ...(witnessOptions.backoffMs !== undefined ? { backoffMs: witnessOptions.backoffMs } : {}),
      ...(witnessOptions.timeoutMs !== undefined ? { timeoutMs: witnessOptions.timeoutMs } : {}),
      verify: verifier.verify,
    });
  }
  const checkpoint = witnessing ? () => witnessing.checkpoint() : undefined;
  const app = createApp({ ledger, verify: verifier.verify, keyLookup: ledgerKeyLookup(ledger), log, bodyLimitBytes: BODY_LIMIT_BYTES, ...(checkpoint ? { checkpoint } : {}) });
  const ingest = ingestHandler(ledger, log, BODY_LIMIT_BYTES);
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS, keepAliveTimeout: 5_000 }, (req, res) =>
    isEventSubmission(req) ? ingest(req, res) : app(req, res),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await new Promise<void>((resolve) => {
        // A keep-alive connection busy now would otherwise stay open (and keep serving requests)
        // until the client drops it, seconds later: any further response closes its connection,
        // and connections are closed as soon as they fall idle.
        server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
        const sweep = setInterval(() => server.closeIdleConnections(), 20);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
      witnessing?.close();
      await ledger.close();
    })());

  return { url: `http://${host}:${port}`, ledger, server, close, ...(registrarKeyPath ? { registrarKeyPath } : {}), ...(witnessing ? { witnessing } : {}) };
}
