// Runs a command with a Redis answering at REDIS_URL: the one configured (default redis://127.0.0.1:6379) when it
// answers, else a throwaway redis-server on a free port in a temp dir. Fails, saying how to install Redis, when
// neither is possible: Redis tests are never skipped silently.
import { spawn } from 'node:child_process';
import { DEFAULT_REDIS_URL } from '../lib/env';
import { hasRedisServerBinary, INSTALL_HINT, redisAnswers, startRedisServer } from '../lib/testing/redis-server';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: with-redis <command> [args…]');
  process.exit(2);
}

const configured = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
let url = configured;
let stop: (() => Promise<void>) | undefined;
if (!(await redisAnswers(configured))) {
  if (!hasRedisServerBinary()) {
    console.error(`No Redis answers at ${configured}, and none can be started. ${INSTALL_HINT}`);
    process.exit(1);
  }
  const server = await startRedisServer();
  url = server.url;
  stop = server.stop;
  console.error(`No Redis answered at ${configured}: started a throwaway redis-server at ${url} for this run.`);
}

const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, REDIS_URL: url } });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await stop?.();
process.exit(code);
