// Starts the real app (production build) as a child process on a free port, over its own data dir and Redis
// namespace, for API and socket tests. Removes both when stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { deleteNamespace, testRedisUrl } from '../eventstore/testing';
import { freePort } from './redis-server';

export interface AppServer {
  url: string;
  port: number;
  /** The web server's process id. */
  pid: number;
  namespace: string;
  dataDir: string;
  env: Record<string, string>;
  /** The web server's stdout lines so far (its JSON log lines), when started with `captureLogs`. */
  logs: string[];
  /** Starts another process (e.g. the standalone projector) with the same configuration. */
  spawnWithSameConfig(script: string, extraEnv?: Record<string, string>): ChildProcess;
  /** Stops its processes (SIGTERM, or SIGKILL for `kill`) and leaves its data alone. */
  halt(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops its processes and removes the namespace and data dir it made (not those it was given). */
  stop(): Promise<void>;
}

export interface AppServerOptions {
  /** A Redis namespace shared with other servers (default: one of its own, removed at stop). */
  namespace?: string;
  /** A data dir to use (default: one of its own, removed at stop). */
  dataDir?: string;
  /** Return once it answers at all (`listening`), or once its read model has caught up (`ready`, the default). */
  until?: 'listening' | 'ready';
  /** The port to listen on (default: a free one). */
  port?: number;
  /** Keep the web server's stdout lines in `logs` (instead of dropping them). */
  captureLogs?: boolean;
}

export async function startAppServer(
  extraEnv: Record<string, string> = {},
  options: AppServerOptions = {},
): Promise<AppServer> {
  if (!existsSync(join(process.cwd(), '.next', 'BUILD_ID'))) {
    throw new Error('no production build: run `npm run build` first (npm test does)');
  }
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? `api-test-${randomUUID().slice(0, 8)}`;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'orderly-api-'));
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    DATA_DIR: dataDir,
    EVENT_STORE: 'redis',
    REDIS_URL: testRedisUrl(),
    REDIS_NAMESPACE: namespace,
    STAFF_USERS: 'staff-sam',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    // Every test client signs in from 127.0.0.1: tests of the per-address budget set their own.
    SIGNIN_ATTEMPTS_PER_ADDRESS: '1000000',
    ...extraEnv,
  };
  const children: ChildProcess[] = [];
  // The last lines a process logged (warnings and worse), for the error when it exits while starting.
  const tail: string[] = [];
  const spawnWithSameConfig = (script: string, more: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, ...env, ...more },
      stdio: ['ignore', process.env.APP_SERVER_LOGS ? 'inherit' : 'pipe', 'inherit'],
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      tail.push(...chunk.split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 20));
    });
    children.push(child);
    return child;
  };
  const logs: string[] = [];
  const server = options.captureLogs
    ? spawn(process.execPath, ['--import', 'tsx', 'lib/server.ts'], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      })
    : spawnWithSameConfig('lib/server.ts');
  if (options.captureLogs) {
    children.push(server);
    let rest = '';
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      logs.push(...lines);
    });
  }
  const url = `http://localhost:${port}`;
  async function halt(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill(signal);
            setTimeout(() => c.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) {
      const said = (options.captureLogs ? logs : tail).slice(-5).join('\n');
      throw new Error(
        `the app server on port ${port} exited with code ${server.exitCode}${said ? `; it said:\n${said}` : ''}`,
      );
    }
    try {
      const health = await fetch(`${url}/api/health`);
      if (health.ok || options.until === 'listening') break; // 503 while it catches up: not ready yet
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the app server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    pid: server.pid!,
    namespace,
    dataDir,
    env,
    logs,
    spawnWithSameConfig,
    halt,
    async stop() {
      await halt();
      if (!options.namespace) {
        const redis = new Redis(testRedisUrl());
        await deleteNamespace(redis, namespace);
        redis.disconnect();
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny HTTP client that keeps its own session cookie. */
export class Client {
  cookie: string | undefined;
  constructor(readonly base: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const value = setCookie.split(';')[0]!;
      this.cookie = value.endsWith('=') ? undefined : value;
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, headers: res.headers, json: json as Record<string, unknown> & unknown[], setCookie };
  }

  async signUpAndIn(username: string, password = 'correct horse battery') {
    const up = await this.call('POST', '/api/users', { username, password });
    if (up.status !== 201) throw new Error(`sign-up failed: ${up.status} ${JSON.stringify(up.json)}`);
    const inn = await this.call('POST', '/api/session', { username, password });
    if (inn.status !== 204) throw new Error(`sign-in failed: ${inn.status}`);
    return this;
  }
}
