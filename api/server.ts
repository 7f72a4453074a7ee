import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromBase64Url } from '../ledger/encoding/bytes.js';
import { Ledger } from '../ledger/store/ledger.js';
import { LevelBackend } from '../ledger/store/level-backend.js';
import { NodeVerifier } from '../ledger/store/node-verifier.js';
import { nodeSigner } from '../ledger/store/node-signer.js';
import { nodeHashes } from '../ledger/store/node-hashes.js';
import { createApp } from './app.js';
import { ingestHandler, isEventSubmission } from './ingest.js';
import type { ServerConfig } from './config.js';
import { dataDirLayout, loadServerKeys } from './data-dir.js';
import { ledgerKeyLookup } from './key-directory.js';
import type { LogSink } from './request-log.js';

export interface RunningServer {
  url: string;
  ledger: Ledger;
  server: Server;
  /** Stops accepting connections, lets in-flight requests (and their appends) finish, closes the store. */
  close(): Promise<void>;
  /** Where a generated registrar key was written, when one was. */
  registrarKeyPath?: string;
}

/** How long a request may take before the server gives up on it (slow clients, stuck bodies). */
const REQUEST_TIMEOUT_MS = 30_000;
const HEADERS_TIMEOUT_MS = 10_000;
/** Largest request body: an event with its evidence list is a few kilobytes. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Opens the ledger on the embedded LevelDB store under the data directory and serves it. */
export async function startServer(config: ServerConfig, log: LogSink): Promise<RunningServer> {
  const keys = loadServerKeys(config.dataDir, config.registrarKey === undefined ? undefined : fromBase64Url(config.registrarKey));
  const { registrarPublicKey, registrarKeyPath } = keys;
  const logKey = { key: keys.logKey };

  const verifier = new NodeVerifier();
  const storeDir = dataDirLayout(config.dataDir).store;
  const backend = await LevelBackend.open(storeDir);
  const ledger = await Ledger.open(backend, {
    origin: config.origin,
    homeCountry: config.homeCountry,
    logKey: logKey.key,
    registrar: { publicKey: registrarPublicKey },
    verify: verifier.verify,
    preverify: (sig, msg, pub) => verifier.check(sig, msg, pub),
    sign: nodeSigner(logKey.key.secretKey),
    hashes: nodeHashes,
    reopen: () => LevelBackend.open(storeDir),
    backgroundCheck: config.backgroundCheck,
  });

  const app = createApp({ ledger, verify: verifier.verify, keyLookup: ledgerKeyLookup(ledger), log, bodyLimitBytes: BODY_LIMIT_BYTES });
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
      await ledger.close();
    })());

  return { url: `http://${host}:${port}`, ledger, server, close, ...(registrarKeyPath ? { registrarKeyPath } : {}) };
}
