// An e2e web server: the app (production build) in a child process, and when Playwright ends the run (SIGTERM to
// the process group), its Redis namespace and data dir removed once the app has exited, so nothing it writes on
// the way out (the socket.io adapter's heartbeats, say) is left behind in a shared Redis.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';

const app = spawn(process.execPath, ['--import', 'tsx', 'lib/server.ts'], { stdio: 'inherit' });
const exited = new Promise<void>((resolve) => app.once('exit', () => resolve()));

let cleaning = false;
async function cleanUp() {
  cleaning = true;
  app.kill('SIGTERM');
  await exited;
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, retryStrategy: () => null });
  try {
    await redis.connect();
    if (process.env.REDIS_NAMESPACE) await deleteNamespace(redis, process.env.REDIS_NAMESPACE);
  } finally {
    redis.disconnect();
  }
  if (process.env.DATA_DIR) rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void cleanUp());
// The app stopped by itself (it could not start, say): end with it.
void exited.then(() => {
  if (!cleaning) process.exit(app.exitCode ?? 1);
});
