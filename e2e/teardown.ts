// Removes what the e2e run wrote: its Redis namespaces and data dirs.
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';

export default async function teardown() {
  const redis = new Redis(testRedisUrl(), { lazyConnect: true, retryStrategy: () => null });
  try {
    await redis.connect();
    for (const ns of [process.env.E2E_NAMESPACE, process.env.E2E_DELAYED_NAMESPACE])
      if (ns) await deleteNamespace(redis, ns);
  } finally {
    redis.disconnect();
  }
  for (const dir of [process.env.E2E_DATA_DIR, process.env.E2E_DELAYED_DATA_DIR])
    if (dir) rmSync(dir, { recursive: true, force: true });
}
