// The event store's public face: one contract, two adapters, chosen when the store is opened.
import { openRedisStore, type RedisEventStore } from './redis';
import { openSqliteStore, type SqliteEventStore } from './sqlite';

export * from './errors';
export type * from './types';
export { LIMITS } from './validate';
export type { RedisEventStore, SqliteEventStore };

export type OpenEventStoreOptions =
  | { kind: 'redis'; redisUrl?: string; namespace?: string; connectTimeoutMs?: number }
  | { kind: 'sqlite'; sqlitePath?: string };

export function openEventStore(options: { kind: 'redis' } & OpenEventStoreOptions): Promise<RedisEventStore>;
export function openEventStore(options: { kind: 'sqlite' } & OpenEventStoreOptions): Promise<SqliteEventStore>;
export function openEventStore(options: OpenEventStoreOptions): Promise<RedisEventStore | SqliteEventStore>;
export async function openEventStore(options: OpenEventStoreOptions): Promise<RedisEventStore | SqliteEventStore> {
  if (options.kind === 'redis') return openRedisStore(options);
  return openSqliteStore({ sqlitePath: options.sqlitePath ?? 'data/events.sqlite' });
}
