// Starts a throwaway redis-server on a free port in a temp dir: for the test run when no Redis answers, and for
// tests that need persistence or a restart. Never touches the shared Redis.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const INSTALL_HINT =
  'redis-server is not installed. Install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis) ' +
  'or point REDIS_URL at a running Redis.';

export function hasRedisServerBinary(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A free loopback port for a server a test starts (and may stop and start again on the same port: a node of a
 * cluster, a Redis restarted with its data). It is taken below the kernel's ephemeral range
 * (/proc/sys/net/ipv4/ip_local_port_range, 32768-60999 by default), from which outgoing connections take their
 * local ports: a port from that range, let go for a moment, can be taken by any client socket meanwhile, and the
 * restart then fails with EADDRINUSE. Falls back to a port the OS chooses when none below is free.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralLow();
  const FLOOR = 10_000;
  for (let attempt = 0; attempt < 50 && low - FLOOR >= 1000; attempt++) {
    const port = FLOOR + Math.floor(Math.random() * (low - FLOOR));
    if ((await listenOn(port)) !== null) return port;
  }
  return (await listenOn(0))!;
}

/** The first port of the ephemeral range (32768 when it cannot be read). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32768;
  } catch {
    return 32768;
  }
}

/** Listens on the port (0: one the OS chooses) and lets it go; the port, or null when it is taken. */
function listenOn(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const chosen = (srv.address() as { port: number }).port;
      srv.close(() => resolve(chosen));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  dir: string;
  process: ChildProcess;
  /** Ends the server with SIGKILL (no chance to save anything) and waits for it to exit. */
  kill(): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

export async function startRedisServer(
  options: { args?: string[]; dir?: string; port?: number } = {},
): Promise<RedisServer> {
  if (!hasRedisServerBinary()) throw new Error(INSTALL_HINT);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'orderly-redis-'));
  const port = options.port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...(options.args ?? [])],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  await waitForRedis(url, 10_000);
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  return {
    url,
    port,
    dir,
    process: child,
    kill,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function waitForRedis(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await redisAnswers(url, 500)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer at ${url} within ${timeoutMs} ms`);
}
