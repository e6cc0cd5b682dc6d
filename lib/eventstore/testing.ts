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
  /** Makes the store's clock read `ms` earlier than the time of its last append, as an NTP step back would. */
  stepClockBack?(ms: number): Promise<void>;
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
    // The time comes from the Redis server, whose clock the test cannot move: moving the store's last recorded time
    // ahead is the same situation (the server's clock now reads earlier than the last append's time).
    stepClockBack: async (ms) => {
      const key = redisKeys(namespace).head; // "<position> <ms of the last append>"
      const [position, last] = ((await store.client.get(key)) ?? `0 ${Date.now()}`).split(' ');
      await store.client.set(key, `${position} ${Number(last) + ms}`);
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
  let offset = 0;
  const store = openSqliteStore({
    sqlitePath: join(dir, 'events.sqlite'),
    synchronous: 'normal',
    clock: () => Date.now() - offset,
  });
  return {
    store,
    destroy: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    stepClockBack: async (ms) => {
      offset += ms;
    },
  };
}
