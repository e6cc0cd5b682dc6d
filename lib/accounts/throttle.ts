// Sign-in throttling, shared by every node: the counters live in the store of record (Redis, or the embedded
// store's file), kept by rate-limiter-flexible. Policy: FREE_FAILURES sign-in attempts for a username within
// FAILURE_WINDOW_S hold that username off until the window ends; a success clears its count. An attempt is counted
// (atomically) before its password is checked, so a burst of guesses sent at once is held off like a slow one.
import type Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRedis, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';

export const FREE_FAILURES = 5;
export const FAILURE_WINDOW_S = 15 * 60;

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

export class SignInThrottle {
  private readonly failures: RateLimiterAbstract;

  constructor(backend: LimiterBackend) {
    this.failures = createLimiter(backend, 'signin_failures', { points: FREE_FAILURES, durationS: FAILURE_WINDOW_S });
  }

  /**
   * Counts a sign-in attempt as `username`, before its password is checked. Returns 0 when it may go ahead, or how
   * long (ms) sign-ins as `username` are held off.
   */
  async attempt(username: string): Promise<number> {
    try {
      await this.failures.consume(username);
      return 0;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext);
      throw error;
    }
  }

  /** Clears the count after a successful sign-in (its attempt does not count against the next ones). */
  async succeeded(username: string): Promise<void> {
    await this.failures.delete(username);
  }
}
