// Sign-in throttling, shared by every node: the counters live in the store of record (Redis, or the embedded
// store's file), kept by rate-limiter-flexible. Policy: FREE_FAILURES failed sign-ins for a username within
// FAILURE_WINDOW_S hold that username off until the window ends; a success clears its count.
import type Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRedis, RateLimiterSQLite } from 'rate-limiter-flexible';

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

  /** How long (ms) sign-ins as `username` are held off now; 0 when they may go ahead. */
  async heldFor(username: string): Promise<number> {
    const r = await this.failures.get(username);
    return r && r.consumedPoints >= FREE_FAILURES ? Math.max(1, r.msBeforeNext) : 0;
  }

  /** Counts a failed sign-in as `username`. */
  async failed(username: string): Promise<void> {
    await this.failures.penalty(username, 1);
  }

  /** Clears the count after a successful sign-in. */
  async succeeded(username: string): Promise<void> {
    await this.failures.delete(username);
  }
}
