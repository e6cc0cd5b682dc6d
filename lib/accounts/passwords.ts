// Password hashing with scrypt (node:crypto): a random salt per password, parameters stored with the hash. Hashing
// is deliberately costly (~50-130 ms of a core, 32 MiB), so a process runs at most HASHING_CONCURRENCY password jobs
// at once (hashes and strength checks, p-limit) and queues at most HASHING_QUEUE more: a flood of sign-ins waits its
// turn or is turned away (HashingBusyError), and the other requests keep a core.

import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import pLimit, { type LimitFunction } from 'p-limit';

const scryptAsync = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: object,
) => Promise<Buffer>;

/** Hashes running at once in this process: half the cores (at least one), so the rest serve requests. */
export const HASHING_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));
/** Hashes waiting for their turn before more are turned away. */
export const HASHING_QUEUE = 32;

/** Thrown when HASHING_QUEUE hashes already wait: the caller answers 503 and the client tries again later. */
export class HashingBusyError extends Error {
  constructor() {
    super('too many sign-ins at once: try again in a moment');
    this.name = 'HashingBusyError';
  }
}

// One lane per process, even when bundlers load this module more than once (Next keeps a copy per layer).
const LANE = Symbol.for('orderly.password-hashing');
const shared = globalThis as { [LANE]?: { limit: LimitFunction; mostAtOnce: number } };
shared[LANE] ??= { limit: pLimit(HASHING_CONCURRENCY), mostAtOnce: 0 };
const lane = shared[LANE];

/** How many hashes run and wait now, and the most that ever ran at once in this process (for tests and metrics). */
export function hashingLoad(): { active: number; pending: number; mostAtOnce: number } {
  return { active: lane.limit.activeCount, pending: lane.limit.pendingCount, mostAtOnce: lane.mostAtOnce };
}

/**
 * Runs `work` (CPU-heavy password work off the event loop: a hash, a strength check) in the process's one lane: at
 * most HASHING_CONCURRENCY at once, HASHING_QUEUE waiting. Throws HashingBusyError when the queue is full.
 */
export function passwordWork<T>(work: () => Promise<T>): Promise<T> {
  if (lane.limit.pendingCount >= HASHING_QUEUE) return Promise.reject(new HashingBusyError());
  return lane.limit(() => {
    lane.mostAtOnce = Math.max(lane.mostAtOnce, lane.limit.activeCount);
    return work();
  });
}

function scrypt(password: string, salt: Buffer, keylen: number, options: object): Promise<Buffer> {
  return passwordWork(() => scryptAsync(password, salt, keylen, options));
}

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

/** A new hash of `password` (scrypt$N$r$p$salt$key). Throws HashingBusyError when too many hashes wait. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: MAX_MEM });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` matches the `stored` hash (false for a malformed one). Throws HashingBusyError. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAX_MEM,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash of no password anyone has: checking it costs the same as a real one, so unknown users take as long. */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;
