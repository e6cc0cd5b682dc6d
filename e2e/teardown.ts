// Removes what the e2e run wrote: its Redis namespace and its data dir.
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';

export default async function teardown() {
  const namespace = process.env.E2E_NAMESPACE;
  if (namespace) {
    const redis = new Redis(testRedisUrl(), { lazyConnect: true, retryStrategy: () => null });
    try {
      await redis.connect();
      await deleteNamespace(redis, namespace);
    } finally {
      redis.disconnect();
    }
  }
  if (process.env.E2E_DATA_DIR) rmSync(process.env.E2E_DATA_DIR, { recursive: true, force: true });
}
