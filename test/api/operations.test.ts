import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { act, registerBatch, registerParticipant } from '../support/participants.js';
import { TestServer } from '../support/server.js';

/** Operations: liveness, readiness, metrics, the log key file, Swagger UI's server, `npm start`. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let server: TestServer;

beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server?.close());

/** GET with a Host header of our choosing (fetch may not set Host). */
function getWithHost(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('health, readiness and metrics', () => {
  it('GET /healthz and /readyz answer 200; /readyz reports the verified head', async () => {
    expect((await server.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await server.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', size: server.ledger.size, rootHash: server.ledger.rootHash });
  });

  it('GET /metrics counts appends, resubmissions, refusals by code, group commits and latencies', async () => {
    const recycler = await registerParticipant(server, 'metrics-recycler', ['recycler'], 'GB', [['yard', 'GB']]);
    await registerBatch(server, recycler, { id: 'm-1', massG: 1_000, site: 'yard' });
    const bad = await act(server, recycler, 'batch.register', { batch: { id: 'm-2', material: 'copper', form: 'scrap', mass: 5, site: 'yard' }, origin: { kind: 'primary', country: 'GB' } });
    expect(bad.status).toBe(400);
    const unknownBatch = await act(server, recycler, 'batch.transfer', { batch: 'nope', to: 'metrics-recycler', toSite: 'yard' });
    expect(unknownBatch.status).toBeGreaterThanOrEqual(400);

    const res = await server.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain/);
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(res.text)?.[1]);
    expect(value('tally_appends_total{result="created"}')).toBe(2); // the registration and the batch
    expect(value('tally_refusals_total{code="invalid_event"}')).toBe(1);
    expect(value(`tally_refusals_total{code="${unknownBatch.body.code}"}`)).toBe(1);
    expect(value('tally_group_commit_size_count')).toBeGreaterThanOrEqual(3);
    expect(value('tally_request_duration_seconds_count{route="submit"}')).toBe(4);
    expect(value('tally_log_size')).toBe(server.ledger.size);
    expect(res.text).toContain('# TYPE tally_witness_lag_entries gauge');
    expect(res.text).toContain('tally_process_resident_memory_bytes');
    // One client at a time: the linger never waits for itself, so both series are there, at 0.
    expect(server.ledger.commitLingerCounts().waits).toBe(0);
    expect(value('tally_commit_linger_waits_total{outcome="filled"}')).toBe(0);
    expect(value('tally_commit_linger_waits_total{outcome="timed_out"}')).toBe(0);
  });

  it('the commit-linger hook reports the pipeline counts at scrape time', async () => {
    const metrics = (server as unknown as { running: { metrics: import('../../api/ops/metrics.js').ServerMetrics } }).running.metrics;
    metrics.setCommitLingerSource(() => ({ filled: 12, timedOut: 3 }));
    try {
      const text = (await server.get('/metrics')).text;
      expect(text).toContain('# TYPE tally_commit_linger_waits_total counter');
      expect(text).toMatch(/^tally_commit_linger_waits_total\{outcome="filled"\} 12$/m);
      expect(text).toMatch(/^tally_commit_linger_waits_total\{outcome="timed_out"\} 3$/m);
    } finally {
      metrics.setCommitLingerSource(() => server.ledger.commitLingerCounts());
    }
  });

  it('the witness-lag hook reports each witness at scrape time', async () => {
    // ServerMetrics is reached through the running server; witnesses register a source here.
    const metrics = (server as unknown as { running: { metrics: import('../../api/ops/metrics.js').ServerMetrics } }).running.metrics;
    metrics.setWitnessLagSource(() => [{ witness: 'w1.example', entries: 7 }]);
    expect((await server.get('/metrics')).text).toMatch(/^tally_witness_lag_entries\{witness="w1.example"\} 7$/m);
  });
});

describe('identity and docs', () => {
  it('writes the log verifier key string to log-key.pub in the data directory', async () => {
    const written = readFileSync(join(server.config.dataDir, 'log-key.pub'), 'utf8');
    expect(written).toBe(`${(await server.get('/v1/log')).body.logKey}\n`);
  });

  it("Swagger UI's server URL is the host the page was loaded from; an odd Host header gets '/'", async () => {
    const init = await getWithHost(`${server.url}/docs/swagger-ui-init.js`, 'tally.example.org:9443');
    expect(init).toContain('"url": "http://tally.example.org:9443"');
    const odd = await getWithHost(`${server.url}/docs/swagger-ui-init.js`, 'evil"host</script>');
    expect(odd).not.toContain('evil');
    expect(odd).toMatch(/"servers": \[\s*\{\s*"url": "\/"/);
  });
});

describe('npm start', () => {
  /** Starts api/main.ts as `npm start` does; resolves with its output once it is listening (or has exited). */
  function start(env: Record<string, string>): Promise<{ stdout: string; stderr: string; stop: () => Promise<number | null> }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    return new Promise((resolve) => {
      const done = () => resolve({ stdout, stderr, stop: () => (child.kill('SIGTERM'), exited) });
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('log verifier key')) done();
      });
      void exited.then(done);
    });
  }

  it('prints the log verifier key at start, and warns loudly when the registrar key is generated on the server', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-start-'));
    try {
      const run = await start({ PORT: '0', TALLY_DATA_DIR: dir });
      expect(await run.stop()).toBe(0);
      const keyLine = JSON.parse(run.stdout.split('\n').find((l) => l.includes('log verifier key'))!) as { logKey: string; file: string };
      expect(keyLine.logKey).toBe(readFileSync(join(dir, 'log-key.pub'), 'utf8').trim());
      expect(run.stderr).toContain("WARNING: the registrar's SECRET key is on this server");
      expect(existsSync(join(dir, 'registrar-key.json'))).toBe(true);

      const fresh = mkdtempSync(join(tmpdir(), 'tally-start-'));
      const quiet = await start({ PORT: '0', TALLY_DATA_DIR: fresh, TALLY_REGISTRAR_KEY: toBase64Url(generateKeyPair().publicKey) });
      expect(await quiet.stop()).toBe(0);
      expect(quiet.stderr).not.toContain('WARNING');
      expect(existsSync(join(fresh, 'registrar-key.json'))).toBe(false);
      rmSync(fresh, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a busy port with the reason and exit 1, not a stack trace', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-busy-'));
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((blocker.address() as { port: number }).port);
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, HOST: '127.0.0.1', PORT: port, TALLY_DATA_DIR: dir, TALLY_REGISTRAR_KEY: toBase64Url(generateKeyPair().publicKey) },
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`tally: cannot start: [EADDRINUSE] port ${port} on 127.0.0.1 is already in use`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
