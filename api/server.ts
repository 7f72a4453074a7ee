import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fromBase64Url } from '../ledger/encoding/bytes.js';
import { Ledger } from '../ledger/store/ledger.js';
import { LevelBackend } from '../ledger/store/level-backend.js';
import { NodeVerifier } from '../ledger/store/node-verifier.js';
import { nodePoolSigner, nodeSigner } from '../ledger/store/node-signer.js';
import { nodeHashes } from '../ledger/crypto/node-hashes.js';
import { nodeSubgroupCheck } from '../ledger/crypto/node-subgroup.js';
import { createApp } from './app.js';
import { ingestHandler, isEventSubmission } from './ingest.js';
import { HeavyReadGate } from './heavy-reads.js';
import { PinnedBundleCache } from './pinned-bundles.js';
import { DEFAULT_COMMIT_LINGER_US, type ServerConfig } from './config.js';
import { dataDirLayout, loadServerKeys } from './data-dir.js';
import { countryProblem } from '../schemas/countries.js';
import { ledgerKeyLookup } from './key-directory.js';
import type { LogSink } from './request-log.js';
import { ServerMetrics } from './ops/metrics.js';

/** The file in the data directory that holds the log's verifier key string (public). */
export const LOG_KEY_PUBLIC_FILE = 'log-key.pub';
import { Witnessing } from './witnesses/witnessing.js';
import { assertFreshStoreNotRolledBack, assertStoreNotRolledBack } from './witnesses/start-check.js';

export interface RunningServer {
  url: string;
  ledger: Ledger;
  server: Server;
  /** Stops accepting connections, lets in-flight requests (and their appends) finish, closes the store. */
  close(): Promise<void>;
  /**
   * Where the registrar's secret key sits on this server, when TALLY_REGISTRAR_KEY was not set
   * (generated there on first start): a risk the operator must be told about loudly.
   */
  registrarKeyPath?: string;
  /** The log's verifier key string, also written to `log-key.pub` in the data directory. */
  logKey: string;
  logKeyPath: string;
  metrics: ServerMetrics;
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
  // Before anything touches the data directory: a ledger of the wrong home country cannot be fixed later.
  const countryRefused = countryProblem(config.homeCountry);
  if (countryRefused !== undefined) throw new Error(`invalid setting TALLY_HOME_COUNTRY: ${countryRefused}`);
  const keys = loadServerKeys(config.dataDir, config.registrarKey === undefined ? undefined : fromBase64Url(config.registrarKey));
  const { registrarPublicKey, registrarKeyPath } = keys;
  const logKey = { key: keys.logKey };

  let ledgerRef: Ledger | undefined;
  const metrics = new ServerMetrics(() => ledgerRef?.size ?? 0);
  const verifier = new NodeVerifier();
  const storeDir = dataDirLayout(config.dataDir).store;
  const backend = await LevelBackend.open(storeDir);
  const witnesses = config.witnesses ?? [];
  // SPEC 5.1: before the log signs anything (genesis on an empty store included), its witnesses
  // say whether they have seen more of it than the store holds.
  if (witnesses.length > 0) await assertFreshStoreNotRolledBack(backend, config.origin, logKey.key, witnesses, witnessOptions, log);
  const ledger = await Ledger.open(backend, {
    origin: config.origin,
    homeCountry: config.homeCountry,
    logKey: logKey.key,
    registrar: { publicKey: registrarPublicKey },
    verify: verifier.verify,
    preverify: (sig, msg, pub) => verifier.check(sig, msg, pub),
    sign: nodeSigner(logKey.key.secretKey),
    signAsync: nodePoolSigner(logKey.key.secretKey),
    hashes: nodeHashes,
    subgroupCheck: nodeSubgroupCheck,
    reopen: () => LevelBackend.open(storeDir),
    backgroundCheck: config.backgroundCheck,
    commitLingerMs: config.commitLingerMs ?? DEFAULT_COMMIT_LINGER_US / 1000,
    onCommit: metrics.onCommit,
  });
  ledgerRef = ledger;
  metrics.setCommitLingerSource(() => ledger.commitLingerCounts());
  // Public: what clients pin (`tally verify --log-key "$(cat log-key.pub)"`), rewritten on every
  // start so it always matches the secret key beside it.
  const logKeyPath = join(config.dataDir, LOG_KEY_PUBLIC_FILE);
  writeFileSync(logKeyPath, ledger.info.logKey + '\n', { mode: 0o644 });
  const observedLog = metrics.observing(log);

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
  const heavyReads = new HeavyReadGate(config.heavyReads);
  const pinnedBundles = new PinnedBundleCache(config.pinnedBundleCacheBytes);
  metrics.setPinnedBundleSource(() => pinnedBundles.stats());
  const app = createApp({ ledger, verify: verifier.verify, keyLookup: ledgerKeyLookup(ledger), log: observedLog, bodyLimitBytes: BODY_LIMIT_BYTES, metrics, heavyReads, pinnedBundles, ...(checkpoint ? { checkpoint } : {}) });
  const ingest = ingestHandler(ledger, observedLog, BODY_LIMIT_BYTES);
  // Lag of a witness not heard from yet counts as the whole log, so a silent witness shows.
  if (witnessing) metrics.setWitnessLagSource(() => witnessing.status().map((w) => ({ witness: w.name, entries: w.lag ?? ledger.size })));
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: HEADERS_TIMEOUT_MS, keepAliveTimeout: 5_000 }, (req, res) =>
    isEventSubmission(req) ? ingest(req, res) : app(req, res),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await ledger.close();
    throw listenError(err as NodeJS.ErrnoException, config);
  }
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

  return { url: `http://${host}:${port}`, ledger, server, close, logKey: ledger.info.logKey, logKeyPath, metrics, ...(registrarKeyPath ? { registrarKeyPath } : {}), ...(witnessing ? { witnessing } : {}) };
}

/** A failed listen as a person can act on it (the usual one: something already serves that port). */
function listenError(err: NodeJS.ErrnoException, config: ServerConfig): Error {
  const where = `${config.host}:${config.port}`;
  const detail =
    err.code === 'EADDRINUSE'
      ? `port ${config.port} on ${config.host} is already in use (another Tally, or the demo?): stop it or choose another port (PORT=8081, or --port 8081 for the demo)`
      : err.code === 'EACCES'
        ? `not allowed to listen on ${where} (ports below 1024 need privileges): choose another port`
        : `cannot listen on ${where}: ${err.message}`;
  return Object.assign(new Error(detail), { code: err.code });
}
