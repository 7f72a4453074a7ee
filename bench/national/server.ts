import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { signRequest, type RequestSigner } from '../../sdk/request-signing.js';
import { Prng } from '../../examples/generator/index.js';
import { startTally } from '../processes.js';
import { median, quantile } from '../report.js';

/**
 * `npm start` on a filled data directory: how long it takes from spawning the process to serving
 * (tsx loading the server, LevelDB opening, the resident state loading, the cheap start-up check;
 * the full recomputation is `tally fsck`), and its resident memory after a few hundred queries
 * of every kind (public, signed reads of batches and provenance, a replay page).
 */

export interface ServerFigures {
  startSeconds: number;
  queries: number;
  failures: number;
  queryMedianMs: number;
  /** POST /v1/claims/verify on the deep batch, signed by an auditor, end to end over loopback. */
  claimsHttp: { medianMs: number; p99Ms: number; samples: number };
  rssMB: number;
  peakRssMB: number;
}

function send(url: string, headers: Record<string, string> = {}, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** VmRSS and VmHWM (peak) of a process, in MB. */
function memoryOf(pid: number): { rssMB: number; peakRssMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(/^(\w+):\s+(\d+) kB$/m.exec(status.split('\n').find((l) => l.startsWith(field)) ?? '')?.[2] ?? NaN);
  return { rssMB: kb('VmRSS:') / 1024, peakRssMB: kb('VmHWM:') / 1024 };
}

export async function serverFigures(options: {
  dir: string;
  origin: string;
  registrarPublicKey: Uint8Array;
  auditor: RequestSigner;
  size: number;
  batches: string[];
  deepBatch: string;
  queries: number;
}): Promise<ServerFigures> {
  const started = performance.now();
  const server = await startTally({ TALLY_DATA_DIR: options.dir, TALLY_ORIGIN: options.origin, TALLY_REGISTRAR_KEY: toBase64Url(options.registrarPublicKey) });
  const startSeconds = (performance.now() - started) / 1000;
  const rng = new Prng('bench/server');
  const ms: number[] = [];
  let failures = 0;
  try {
    for (let i = 0; i < options.queries; i++) {
      const seq = rng.int(0, options.size - 1);
      const batch = rng.pick(options.batches);
      const paths = [
        '/v1/log',
        `/v1/proofs/inclusion?seq=${seq}&size=${options.size}`,
        `/v1/proofs/consistency?from=${rng.int(1, options.size - 1)}&to=${options.size}`,
        `/v1/batches/${batch}`,
        `/v1/batches/${batch}/provenance`,
        `/v1/entries/${seq}`,
        `/v1/entries?from=${rng.int(0, options.size - 1)}&limit=100`,
        '/v1/checkpoint',
        '/v1/participants',
        '/v1/reports/retention?material=aluminium',
      ];
      // The deep batch's provenance walks 10,000 entries: ask for it now and then, not every time.
      const path = i % 50 === 0 ? `/v1/batches/${options.deepBatch}/provenance` : paths[i % paths.length]!;
      const url = `${server.url}${path}`;
      const signed = path.startsWith('/v1/batches') || path.startsWith('/v1/entries');
      const t = performance.now();
      const status = await send(url, signed ? signRequest({ method: 'GET', url }, options.auditor) : {});
      ms.push(performance.now() - t);
      if (status !== 200) failures++;
    }
    const claimsUrl = `${server.url}/v1/claims/verify`;
    const body = JSON.stringify({ batch: options.deepBatch, claims: [{ kind: 'recycled', atLeast: 0.9 }, { kind: 'home-recycled', atLeast: 0.9 }, { kind: 'home-processed' }, { kind: 'not-exported' }] });
    const claimMs: number[] = [];
    for (let i = 0; i < 100; i++) {
      // Signing is the client's work: done before the clock starts.
      const headers = signRequest({ method: 'POST', url: claimsUrl, body }, options.auditor);
      const t = performance.now();
      const status = await send(claimsUrl, headers, body);
      claimMs.push(performance.now() - t);
      if (status !== 200) failures++;
    }
    const claimsHttp = { medianMs: median(claimMs), p99Ms: quantile(claimMs, 0.99), samples: claimMs.length };
    return { startSeconds, queries: options.queries, failures, queryMedianMs: median(ms), claimsHttp, ...memoryOf(server.child.pid!) };
  } finally {
    await server.stop();
  }
}
