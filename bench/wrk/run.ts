import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One wrk run of bench/wrk/submit-once.lua: every envelope in a file posted once. */
export interface WrkRun {
  /** Submissions answered 201 per second of the run. */
  perSecond: number;
  created: number;
  /** Responses other than 201 before the envelopes ran out: must be none. */
  other: number;
  seconds: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

const SCRIPT = fileURLToPath(new URL('./submit-once.lua', import.meta.url));
/** Only an upper bound: the script stops each thread once its share of the envelopes is sent. */
const MAX_DURATION_S = 300;

export function wrkAvailable(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/**
 * Runs wrk against `url` (loopback only) until every envelope of `file` is sent: wrk runs for a
 * fixed duration, so it is interrupted (SIGINT, after which it reports) once each thread says it
 * has sent its share.
 * @throws Error when wrk fails, a submission is refused, or the envelopes were not all sent in time.
 */
export function runWrk(options: { url: string; file: string; connections: number; threads: number; cwd: string }): Promise<WrkRun> {
  const host = new URL(options.url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) throw new Error('load tests target loopback only');
  const threads = Math.max(1, Math.min(options.threads, options.connections));
  const args = ['-t', String(threads), '-c', String(options.connections), '-d', `${MAX_DURATION_S}s`, '--timeout', '30s', '-s', SCRIPT, options.url, '--', options.file, String(threads)];
  const child = spawn('wrk', args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let done = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const finished = stdout.split('\n').filter((l) => l === 'wrk-thread-done').length;
    if (finished > done) {
      done = finished;
      if (done === threads) child.kill('SIGINT');
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      try {
        resolve(parseResult(stdout, `${code ?? signal}: ${stderr}`));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function parseResult(stdout: string, exit: string): WrkRun {
  const line = stdout.split('\n').find((l) => l.startsWith('wrk-result '));
  if (!line) throw new Error(`wrk printed no result (exit ${exit}): ${stdout}`);
  const r = JSON.parse(line.slice('wrk-result '.length)) as {
    created: number;
    other: number;
    exhausted: boolean;
    spanUs: number;
    errors: Record<string, number>;
    latencyUs: { p50: number; p90: number; p99: number; max: number };
  };
  if (!r.exhausted) throw new Error(`wrk ran ${MAX_DURATION_S} s without sending every envelope`);
  if (r.other > 0 || r.errors.connect || r.errors.timeout) throw new Error(`wrk: ${r.other} submissions not answered 201, errors ${JSON.stringify(r.errors)}`);
  const seconds = r.spanUs / 1e6;
  return {
    perSecond: r.created / seconds,
    created: r.created,
    other: r.other,
    seconds,
    p50Ms: r.latencyUs.p50 / 1000,
    p90Ms: r.latencyUs.p90 / 1000,
    p99Ms: r.latencyUs.p99 / 1000,
    maxMs: r.latencyUs.max / 1000,
  };
}
