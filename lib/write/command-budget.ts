// The command budget per user: how many commands anyone may send, on all nodes together, so that one user cannot
// write an order's history faster than people and honest scripts do. rate-limiter-flexible's BurstyRateLimiter:
// `perSecond` commands in each one-second window, and when those are spent, up to `burst` more in a two-second window.
// With the defaults (30/s, burst 50) a client that stays within a token bucket of 20 commands/s and bursts of 50 is
// never refused (scripts/budget-simulation.ts checks it against random such clients; see docs/security.md).
import { BurstyRateLimiter } from 'rate-limiter-flexible';
import { consume, createLimiter, type LimiterBackend } from '../rate-limits';

export const COMMANDS_PER_SECOND = 30;
export const COMMAND_BURST = 50;
const BURST_WINDOW_S = 2;

/** Thrown when the user has spent their budget: the caller answers 429 with Retry-After. */
export class TooManyCommandsError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`too many commands: try again in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = 'TooManyCommandsError';
  }
}

export class CommandBudget {
  private readonly limiter: BurstyRateLimiter;

  /** Keeps its counts in `backend`: `perSecond` per second per user, and `burst` more per two seconds. */
  constructor(backend: LimiterBackend, { perSecond = COMMANDS_PER_SECOND, burst = COMMAND_BURST } = {}) {
    this.limiter = new BurstyRateLimiter(
      createLimiter(backend, 'commands', { points: perSecond, durationS: 1 }),
      createLimiter(backend, 'commands_burst', { points: burst, durationS: BURST_WINDOW_S }),
    );
  }

  /**
   * Spends one command of `userId`'s budget. Returns 0 when it was there, else how long (ms) until there is one
   * again (the caller throws TooManyCommandsError: the web edge's own copy of the class, see spendCommand).
   */
  spend(userId: string): Promise<number> {
    return consume(this.limiter, userId);
  }
}

/**
 * Spends one command of `userId`'s budget; throws TooManyCommandsError when there is none left. Call it from the
 * web edge (the data-access layer), whose bundle is where the error is recognised.
 */
export async function spendCommand(budget: CommandBudget, userId: string): Promise<void> {
  const wait = await budget.spend(userId);
  if (wait > 0) throw new TooManyCommandsError(wait);
}
