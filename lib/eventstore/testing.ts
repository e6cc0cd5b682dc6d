// Test helpers: each test store lives in a namespace (Redis) or file (SQLite) of its own and removes it after.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { openRedisStore, type RedisEventStore, redisKeys } from './redis';
import { openSqliteStore, type SqliteEventStore } from './sqlite';

export interface TestStore<S> {
  store: S;
  /** Closes the store and removes everything it wrote. */
  destroy(): Promise<void>;
}

/** The Redis the tests use: REDIS_URL, which scripts/with-redis.ts always sets (npm run test:int, the benches). */
export function testRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: run tests through npm (scripts/with-redis.ts gives them a Redis)');
  return url;
}

export async function openRedisStoreForTest(url = testRedisUrl()): Promise<TestStore<RedisEventStore>> {
  const namespace = `test:${randomUUID()}`;
  const store = await openRedisStore({ redisUrl: url, namespace });
  return {
    store,
    destroy: async () => {
      await deleteNamespace(store.client, namespace);
      await store.close();
    },
  };
}

export async function deleteNamespace(redis: Redis, namespace: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisKeys(namespace).tag}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export async function openSqliteStoreForTest(): Promise<TestStore<SqliteEventStore>> {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-es-'));
  const store = openSqliteStore({ sqlitePath: join(dir, 'events.sqlite') });
  return {
    store,
    destroy: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
