import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where Debian's nginx lives; undefined when it is not installed (the test then skips). */
export function findNginx(): string | undefined {
  for (const candidate of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * nginx on 127.0.0.1 serving `root` at `/tlog/` as a static tile tree, with its own config,
 * pid and temp files in `workDir`, and the cache headers C2SP asks for.
 */
export async function startNginx(binary: string, root: string, workDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  mkdirSync(workDir, { recursive: true });
  const temp = (name: string) => join(workDir, name);
  const conf = `
${process.getuid?.() === 0 ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  server {
    listen 127.0.0.1:${port};
    location = /tlog/checkpoint {
      alias ${root}/checkpoint;
      default_type "text/plain; charset=utf-8";
      add_header Cache-Control "public, max-age=2";
    }
    location /tlog/tile/ {
      alias ${root}/tile/;
      default_type application/octet-stream;
      add_header Cache-Control "public, max-age=31536000, immutable";
    }
  }
}
`;
  writeFileSync(temp('nginx.conf'), conf);
  const child: ChildProcess = spawn(binary, ['-c', temp('nginx.conf'), '-p', workDir, '-e', temp('error.log')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/tlog`;
  const until = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/checkpoint`);
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`nginx did not start (see ${temp('error.log')})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}
