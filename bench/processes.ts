import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs a TypeScript server script in its own process (so the load generator does not share its
 * event loop) and resolves once it prints the port it listens on.
 */
export function startChildServer(
  script: string,
  env: Record<string, string>,
  readUrl: (line: string) => string | undefined,
  nodeArgs: string[] = [],
  root: string = ROOT,
): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        const url = readUrl(line);
        if (url) {
          child.stdout!.off('data', onData);
          child.stdout!.resume(); // keep draining the server's request log
          resolve({
            url,
            child,
            stop: () =>
              new Promise<void>((done) => {
                child.once('exit', () => done());
                child.kill('SIGTERM');
              }),
          });
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
}

/**
 * `npm start` with a data directory and registrar key of the caller's choosing, on a free port;
 * `root` runs another checkout of Tally instead (an earlier commit, to measure before and after).
 */
export function startTally(env: Record<string, string>, nodeArgs: string[] = [], root: string = ROOT): Promise<ChildServer> {
  return startChildServer(
    'api/main.ts',
    { PORT: '0', HOST: '127.0.0.1', ...env },
    (line) => {
    if (!line.startsWith('{')) return undefined;
    try {
      const parsed = JSON.parse(line) as { msg?: string; url?: string };
      return parsed.msg === 'tally listening' ? parsed.url : undefined;
    } catch {
      return undefined;
    }
    },
    nodeArgs,
    root,
  );
}
