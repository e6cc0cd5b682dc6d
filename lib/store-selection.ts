// Composition: chooses the store of record from the configuration (README, "Configuration"): the event store, and
// next to it the account records and the sign-in counters, in the same Redis or the same SQLite file.
//   EVENT_STORE=sqlite                 -> the embedded store
//   EVENT_STORE=redis, or REDIS_URL set -> Redis, and fail fast when it does not answer
//   otherwise (auto)                   -> Redis at 127.0.0.1:6379 when it answers, else the embedded store

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RedisAccountStore } from './accounts/redis-store';
import { SqliteAccountStore } from './accounts/sqlite-store';
import type { AccountStore } from './accounts/store';
import { DEFAULT_REDIS_URL, type Env } from './env';
import { EventStoreError } from './eventstore/errors';
import { openRedisStore, withoutCredentials } from './eventstore/redis';
import { openSqliteStore } from './eventstore/sqlite';
import type { EventStore } from './eventstore/types';
import type { Logger } from './log';
import { type ProcessState, RedisProcessState, SqliteProcessState } from './processes/state';
import type { LimiterBackend } from './rate-limits';

export interface ConfiguredStore {
  store: EventStore;
  /** Users, sessions and secrets, beside the events. */
  accounts: AccountStore;
  /** Where rate limiters keep their counters, beside the events. */
  limiter: LimiterBackend;
  /** Process managers' leases and checkpoints, beside the events. */
  processes: ProcessState;
  /** One line for people: which store, where, and why. */
  description: string;
}

/**
 * Opens the store of record `env` asks for (see above). Returns it with one line for people saying which and why;
 * throws EventStoreError when Redis is required (REDIS_URL or EVENT_STORE=redis) and does not answer.
 */
export async function openStoreOfRecord(
  env: Pick<Env, 'EVENT_STORE' | 'EVENT_STORE_SYNC' | 'REDIS_URL' | 'REDIS_NAMESPACE' | 'eventStorePath'>,
  log: Logger,
  defaultRedisUrl = DEFAULT_REDIS_URL,
): Promise<ConfiguredStore> {
  const embedded = (why: string): ConfiguredStore => {
    // The file's directory first: the account records open the file before the event store would make it.
    mkdirSync(dirname(env.eventStorePath), { recursive: true });
    const accounts = new SqliteAccountStore(env.eventStorePath, env.EVENT_STORE_SYNC);
    return {
      store: openSqliteStore({ sqlitePath: env.eventStorePath, synchronous: env.EVENT_STORE_SYNC }),
      accounts,
      limiter: { kind: 'sqlite', db: accounts.connection },
      processes: new SqliteProcessState(accounts.connection),
      description: `embedded SQLite event store at ${env.eventStorePath}, synchronous=${env.EVENT_STORE_SYNC} (${why})`,
    };
  };

  if (env.EVENT_STORE === 'sqlite') return embedded('EVENT_STORE=sqlite');

  const explicit = env.EVENT_STORE === 'redis' || env.REDIS_URL !== undefined;
  const url = env.REDIS_URL ?? defaultRedisUrl;
  const shown = withoutCredentials(url); // what logs and pages may say
  let store: Awaited<ReturnType<typeof openRedisStore>>;
  try {
    store = await openRedisStore({
      redisUrl: url,
      namespace: env.REDIS_NAMESPACE,
      connectTimeoutMs: explicit ? 3000 : 500,
    });
  } catch (error) {
    if (explicit) {
      throw new EventStoreError(
        `${(error as Error).message}. REDIS_URL/EVENT_STORE=redis asks for Redis: start it, fix REDIS_URL, or unset both to use the embedded store.`,
      );
    }
    return embedded(`no Redis answered at ${shown}; set REDIS_URL to require one`);
  }
  const persistence = await store.persistence();
  if (!persistence.durable) {
    log.warn(
      `!!! Redis at ${shown} does not persist events: ${persistence.detail}. ` +
        'Run it with --appendonly yes --appendfsync always (or everysec) and --maxmemory-policy noeviction before trusting it with real orders. !!!',
    );
  }
  return {
    store,
    accounts: new RedisAccountStore(store.client, env.REDIS_NAMESPACE),
    limiter: { kind: 'redis', client: store.client, namespace: env.REDIS_NAMESPACE },
    processes: new RedisProcessState(store.client, env.REDIS_NAMESPACE),
    description: `Redis event store at ${shown}, namespace "${env.REDIS_NAMESPACE}" (${persistence.detail})`,
  };
}
