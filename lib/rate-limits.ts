// Rate limits kept by rate-limiter-flexible in the store of record's own backend (Redis, or the embedded store's
// file), so every node counts against the same budget: sign-in throttling (lib/accounts/throttle.ts) and the
// command budget per user (lib/write/command-budget.ts) are built from these.
import type Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRedis, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';

/** Where limiter counters are kept: the store of record's own backend. */
export type LimiterBackend =
  | { kind: 'redis'; client: Redis; namespace: string }
  | { kind: 'sqlite'; db: Database.Database };

/** A rate-limiter-flexible limiter named `name`, over `backend`: `points` per `durationS` seconds per key. */
export function createLimiter(
  backend: LimiterBackend,
  name: string,
  { points, durationS }: { points: number; durationS: number },
): RateLimiterAbstract {
  if (backend.kind === 'redis') {
    // Same hash tag as the namespace's other keys.
    return new RateLimiterRedis({
      storeClient: backend.client,
      keyPrefix: `{${backend.namespace}}:limit:${name}`,
      points,
      duration: durationS,
    });
  }
  return new RateLimiterSQLite({
    storeClient: backend.db,
    storeType: 'better-sqlite3',
    tableName: `limit_${name.replace(/\W/g, '_')}`,
    points,
    duration: durationS,
    clearExpiredByTimeout: true,
  });
}

/** Something that consumes points per key (a limiter, or a BurstyRateLimiter of two). */
interface Consumer {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
}

/** Consumes a point for `key`: 0 when it was free, else how long (ms, at least 1) until one is. */
export async function consume(limiter: Consumer, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext);
    throw error;
  }
}
