import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseVerifierKey } from '../ledger/log/checkpoint.js';
import type { VerifyFn } from '../ledger/crypto/signature.js';
import { cosign, cosignerKeyString } from '../ledger/witness/cosignature.js';
import { judgeAddCheckpoint } from '../ledger/witness/add-checkpoint.js';
import { sha256 } from '../ledger/crypto/hash.js';
import { toHex, utf8Encode } from '../ledger/encoding/bytes.js';
import { WitnessStateStore } from './state-store.js';

/**
 * A C2SP tlog-witness: `POST /add-checkpoint` verifies the log's signature and the consistency
 * proof from the checkpoint it last cosigned, records the new one durably, then answers with a
 * cosignature/v1 line; `GET /<sha256(origin) hex>/checkpoint` serves the latest cosigned
 * checkpoint (the monitoring API). Its own small program with its own state, sharing only the
 * pure code of `ledger/` with the log.
 */

export interface WitnessOptions {
  /** The witness's key name (a schema-less URL, say `witness.example/w1`). */
  name: string;
  key: { secretKey: Uint8Array; publicKey: Uint8Array };
  /** Verifier key strings of the logs it witnesses (each names its origin). */
  logKeys: string[];
  stateDir: string;
  host?: string;
  port?: number;
  /** POSIX seconds for timestamps; injected for tests. */
  now?: () => number;
  verify?: VerifyFn;
  /** Called with every verdict that was not a cosignature (kept as evidence of misbehaviour). */
  onRefusal?: (status: number, reason: string) => void;
}

export interface RunningWitness {
  url: string;
  /** The witness's cosignature/v1 verifier key string. */
  vkey: string;
  server: Server;
  close(): Promise<void>;
}

/** Largest body accepted: 63 proof lines and a checkpoint with many signatures fit easily. */
const MAX_BODY_BYTES = 64 * 1024;

export async function startWitness(options: WitnessOptions): Promise<RunningWitness> {
  const store = new WitnessStateStore(options.stateDir);
  const logs = new Map(options.logKeys.map((vkey) => [parseVerifierKey(vkey).name, vkey]));
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  // One request per origin at a time: checking the old size and recording the new checkpoint
  // must be atomic (C2SP's rollback race between two concurrent submissions).
  const queues = new Map<string, Promise<unknown>>();
  const serialised = <T>(origin: string, work: () => Promise<T> | T): Promise<T> => {
    const run = (queues.get(origin) ?? Promise.resolve()).then(work, work);
    queues.set(origin, run.catch(() => undefined));
    return run;
  };

  const addCheckpoint = (body: string) => {
    const origin = body.slice(body.indexOf('\n\n') + 2).split('\n')[0] ?? '';
    return serialised(origin, () => {
      const verdict = judgeAddCheckpoint(
        body,
        (o) => {
          const logKey = logs.get(o);
          if (logKey === undefined) return undefined;
          const record = store.get(o);
          return { logKey, ...(record ? { latest: { size: record.size, rootHash: record.rootHash } } : {}) };
        },
        options.verify,
      );
      if (verdict.status !== 200) return verdict;
      const line = cosign(verdict.body, options.name, options.key, now());
      const submitted = body.slice(body.indexOf('\n\n') + 2);
      store.put({ origin: verdict.checkpoint.origin, size: verdict.checkpoint.size, rootHash: verdict.checkpoint.rootHash, checkpoint: submitted + line });
      return { ...verdict, line };
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(err as Error).message}\n`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/add-checkpoint') {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only\n', { allow: 'POST' });
      const body = await readBody(req);
      if (body === undefined) return send(res, 400, 'text/plain; charset=utf-8', 'body too large or not UTF-8\n');
      const verdict = await addCheckpoint(body);
      if (verdict.status === 200) return send(res, 200, 'text/plain; charset=utf-8', verdict.line);
      options.onRefusal?.(verdict.status, verdict.reason);
      if (verdict.status === 409) return send(res, 409, 'text/x.tlog.size', `${verdict.size}\n`);
      return send(res, verdict.status, 'text/plain; charset=utf-8', `${verdict.reason}\n`);
    }
    const monitoring = /^\/([0-9a-f]{64})\/checkpoint$/.exec(path);
    if (monitoring && (req.method === 'GET' || req.method === 'HEAD')) {
      const origin = [...logs.keys()].find((o) => toHex(sha256(utf8Encode(o))) === monitoring[1]);
      const record = origin === undefined ? undefined : store.get(origin);
      if (record === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'no checkpoint cosigned for this log\n');
      return send(res, 200, 'text/plain; charset=utf-8', record.checkpoint, { 'cache-control': 'no-cache' });
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    vkey: cosignerKeyString(options.name, options.key.publicKey),
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return resolve(undefined);
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}
