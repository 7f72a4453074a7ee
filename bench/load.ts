import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { quantile } from './report.js';

export interface LoadResult {
  perSecond: number;
  p50ms: number;
  p99ms: number;
  failures: number;
}

/**
 * Posts every body to `url` with `concurrency` requests in flight over keep-alive connections,
 * and measures throughput and per-request latency. Loopback only.
 */
export async function postAll(url: string, bodies: readonly string[], concurrency: number, okStatus = 201): Promise<LoadResult> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('load tests target loopback only');
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t = performance.now();
        const status = await post(body);
        latencies.push(performance.now() - t);
        if (status !== okStatus) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: bodies.length / seconds, p50ms: quantile(latencies, 0.5), p99ms: quantile(latencies, 0.99), failures };
}
