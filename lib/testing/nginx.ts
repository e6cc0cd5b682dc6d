// nginx in front of several nodes, for the cluster script and tests: its own config and prefix in a temp dir, on a
// loopback port, stopped by its pid (never the system service).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasNginx = () => spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;

/** The config: round-robin over the nodes, websocket upgrade for socket.io, the client's address and protocol passed on. */
export function nginxConfig(o: { port: number; upstreams: string[]; prefix: string }): string {
  const root = process.getuid?.() === 0;
  return `# Written by lib/testing/nginx.ts (docs/deploy.md explains each part).
${root ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${join(o.prefix, 'nginx.pid')};
error_log ${join(o.prefix, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(o.prefix, 'body')};
  proxy_temp_path ${join(o.prefix, 'proxy')};
  fastcgi_temp_path ${join(o.prefix, 'fastcgi')};
  uwsgi_temp_path ${join(o.prefix, 'uwsgi')};
  scgi_temp_path ${join(o.prefix, 'scgi')};
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream orderly {
${o.upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=2s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${o.port};
    client_max_body_size 1m;
    proxy_http_version 1.1;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_connect_timeout 2s;
    location /socket.io/ {
      proxy_pass http://orderly;
      proxy_read_timeout 1h;
    }
    location / {
      proxy_pass http://orderly;
      proxy_read_timeout 30s;
      proxy_next_upstream error timeout http_503;
    }
  }
}
`;
}

export interface Nginx {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts nginx on `port` in front of `upstreams` (host:port), and waits until it answers. */
export async function startNginx(port: number, upstreams: string[]): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'orderly-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs'])
    mkdirSync(join(prefix, d), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, nginxConfig({ port, upstreams, prefix }));
  const child = spawn('nginx', ['-c', conf, '-p', prefix], { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // "localhost", as the nodes say it: a browser then sends the same cookies to nginx and to each node.
  const url = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) {
      throw new Error(`nginx exited with ${child.exitCode} (its log is kept in ${prefix}/error.log)`);
    }
    try {
      await fetch(`${url}/api/health`);
      break;
    } catch {
      if (i > 100) {
        child.kill('SIGKILL');
        await exited;
        rmSync(prefix, { recursive: true, force: true });
        throw new Error('nginx did not answer within 10 s');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGQUIT'); // graceful: finish requests in flight
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
