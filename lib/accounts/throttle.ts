// Sign-in throttling, shared by every node: the counters live in the store of record (Redis, or the embedded
// store's file), kept by rate-limiter-flexible. Every key has the client's address in it, so no one can hold off
// a user who signs in from anywhere else, and every count ends with its fixed window (a refused attempt does not
// extend it). Policy:
// - per client address: SIGNIN_ATTEMPTS_PER_ADDRESS (default ADDRESS_ATTEMPTS) attempts (sign-ins, sign-ups, password changes) per ADDRESS_WINDOW_S;
// - per username and client address: USER_ATTEMPTS sign-in attempts per USER_WINDOW_S; a success clears it.
// An attempt is counted (atomically) before its password is checked, so a burst of guesses sent at once is held
// off like a slow one. The address is the peer's, or with TRUST_PROXY the one the proxy in front appended to
// X-Forwarded-For (see lib/web/client-address.ts).
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consume, createLimiter, type LimiterBackend } from '../rate-limits';

/** Default attempts per client address per ADDRESS_WINDOW_S (SIGNIN_ATTEMPTS_PER_ADDRESS). */
export const ADDRESS_ATTEMPTS = 30;
export const ADDRESS_WINDOW_S = 60;
export const USER_ATTEMPTS = 5;
export const USER_WINDOW_S = 15 * 60;

/** Why an attempt was refused and for how long (ms). */
export interface HeldOff {
  scope: 'address' | 'username';
  retryAfterMs: number;
}

export class SignInThrottle {
  private readonly byAddress: RateLimiterAbstract;
  private readonly byUserAndAddress: RateLimiterAbstract;

  /** Keeps its counts in `backend`; `addressAttempts` per ADDRESS_WINDOW_S per client address. */
  constructor(backend: LimiterBackend, { addressAttempts = ADDRESS_ATTEMPTS } = {}) {
    this.byAddress = createLimiter(backend, 'auth_by_address', {
      points: addressAttempts,
      durationS: ADDRESS_WINDOW_S,
    });
    this.byUserAndAddress = createLimiter(backend, 'signin_by_user_address', {
      points: USER_ATTEMPTS,
      durationS: USER_WINDOW_S,
    });
  }

  /**
   * Counts an attempt that will hash a password (sign-up, password change) from `address`. Returns null when it may
   * go ahead, else who is held off and for how long.
   */
  async attemptFrom(address: string): Promise<HeldOff | null> {
    const ms = await consume(this.byAddress, address);
    return ms === 0 ? null : { scope: 'address', retryAfterMs: ms };
  }

  /**
   * Counts a sign-in attempt as `username` from `address`, before its password is checked. Returns null when it may
   * go ahead, else who is held off and for how long.
   */
  async attempt(username: string, address: string): Promise<HeldOff | null> {
    const held = await this.attemptFrom(address);
    if (held) return held;
    const ms = await consume(this.byUserAndAddress, userKey(username, address));
    return ms === 0 ? null : { scope: 'username', retryAfterMs: ms };
  }

  /** Gives back an attempt that was never checked (the server was too busy to check it). */
  async refund(username: string, address: string): Promise<void> {
    await Promise.all([this.byAddress.reward(address), this.byUserAndAddress.reward(userKey(username, address))]);
  }

  /** Clears the username's count from this address after a successful sign-in. */
  async succeeded(username: string, address: string): Promise<void> {
    await this.byUserAndAddress.delete(userKey(username, address));
  }
}

const userKey = (username: string, address: string) => `${username}@${address}`;
