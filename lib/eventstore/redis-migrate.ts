// Moves a Redis namespace written by the first layout (log entries with fields e s v t r d m, stream lists of
// positions, {ns}:ids) to layout 2 (redis-scripts.ts), once, when a store opens it. Nothing is lost: every event
// keeps its id, stream, version, position, data and metadata, and retries of appends made before the move are still
// recognised; recorded times are clamped so that they never decrease along the log (the rule layout 2 keeps).
// Run it with every node stopped (docs/event-store.md, "Redis keys"): a node of the old release that appends during
// the move would write the old layout.
//
// Safety against a second mover: one process holds a lock with a random token; every write of the move is a script
// that first checks that token (and renews the lock), so a mover that was paused past its lock and resumes writes
// nothing once another process took over: it stops and waits for the other's move instead. The layout is read from
// the data, not only from {ns}:layout: a namespace whose layout key was lost is recognised, never moved twice.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { EventStoreError } from './errors';
import { LAYOUT, US } from './redis-scripts';

/** Options for tests: a smaller chunk, and a hook called after each chunk is written (to pause a mover). */
export interface MigrateOptions {
  chunkSize?: number;
  afterChunk?: (chunk: number) => Promise<void>;
}

/** How long a second process waits for a move another process is making. */
const WAIT_FOR_OTHER_MS = 10 * 60_000;
/** The lock's lifetime; renewed by every write of the move, so it only runs out when its mover stopped. */
const LOCK_MS = 15_000;

const LOCK_LOST = 'ORDERLY_LOCK_LOST';

/** KEYS: lock, then keys to unlink. ARGV: token, lock ms. */
const GUARDED_UNLINK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('${LOCK_LOST}') end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if #KEYS > 1 then redis.call('UNLINK', unpack(KEYS, 2)) end
return #KEYS - 1
`;

/**
 * KEYS: lock, new log, eventids, then each entry's stream list. ARGV: token, lock ms, then per entry: log id,
 * log field r, list entry, event id, eventids value.
 */
const COPY_CHUNK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('${LOCK_LOST}') end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
for i = 1, #KEYS - 3 do
  local a = 2 + (i - 1) * 5
  redis.call('XADD', KEYS[2], ARGV[a + 1], 'r', ARGV[a + 2])
  redis.call('RPUSH', KEYS[3 + i], ARGV[a + 3])
  redis.call('HSET', KEYS[3], ARGV[a + 4], ARGV[a + 5])
end
return #KEYS - 3
`;

/**
 * The switch, atomic: a reader sees either the old namespace or the new one.
 * KEYS: lock, new log, log, head, layout, legacy ids, cleanup marker. ARGV: token, last recordedAt ms, "1" if the
 * log had entries.
 */
const SWITCH = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('${LOCK_LOST}') end
local position = string.match(redis.call('GET', KEYS[4]) or '0', '^(%d+)$')
if not position then return redis.error_reply('ERR the head of a first-layout namespace is not a position') end
if ARGV[3] == '1' then redis.call('RENAME', KEYS[2], KEYS[3]) end
redis.call('SET', KEYS[4], position .. ' ' .. ARGV[2])
redis.call('SET', KEYS[5], '${LAYOUT}')
redis.call('UNLINK', KEYS[6])
redis.call('SET', KEYS[7], '1')
redis.call('DEL', KEYS[1])
return 1
`;

const keysOf = (namespace: string) => {
  const tag = `{${namespace}}`;
  return {
    tag,
    lock: `${tag}:migrating`,
    layout: `${tag}:layout`,
    log: `${tag}:log`,
    newLog: `${tag}:log:migrating`,
    head: `${tag}:head`,
    eventIds: `${tag}:eventids`,
    eventsPrefix: `${tag}:events:`,
    snapshotPrefix: `${tag}:snap:`,
    legacyIds: `${tag}:ids`,
    legacyStreamPrefix: `${tag}:stream:`,
    cleanup: `${tag}:migrated:cleanup`,
  };
};

class LockLost extends Error {}

async function guarded(redis: Redis, script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.eval(script, keys.length, ...keys, ...args);
  } catch (error) {
    if ((error as Error).message.includes(LOCK_LOST)) throw new LockLost();
    throw error;
  }
}

/** Glob-escapes a key prefix for SCAN MATCH. */
const glob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

/** Calls `each` with every batch of keys matching `pattern`. */
async function scanKeys(redis: Redis, pattern: string, each: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await each(keys);
    cursor = next;
  } while (cursor !== '0');
}

/** A first-layout log entry's fields, checked: e s v t r d m in that order, with a numeric version and time. */
function layout1Entry(namespace: string, id: string, f: string[]) {
  const names = ['e', 's', 'v', 't', 'r', 'd', 'm'];
  const valid =
    f.length === 14 &&
    names.every((name, i) => f[2 * i] === name) &&
    /^\d+-0$/.test(id) &&
    /^[1-9]\d*$/.test(f[5]!) &&
    /^\d+$/.test(f[9]!) &&
    f[3] !== '';
  if (!valid) {
    throw new EventStoreError(
      `the Redis namespace "${namespace}" has a log entry ${id} that is not of the first layout; nothing was moved`,
    );
  }
  return {
    eventId: f[1]!,
    streamId: f[3]!,
    version: f[5]!,
    type: f[7]!,
    ms: Number(f[9]),
    data: f[11]!,
    metadata: f[13]!,
  };
}

/**
 * The namespace's layout as its data shows it: its {ns}:layout key, or, when that is missing, the shape of the first
 * log entry ("1": fields e s v t r d m; "2": one field r), or "empty". Throws EventStoreError for a log of neither.
 */
export async function detectLayout(redis: Redis, namespace: string): Promise<string> {
  const k = keysOf(namespace);
  const layout = await redis.get(k.layout);
  if (layout !== null) return layout;
  const [first] = (await redis.xrange(k.log, '-', '+', 'COUNT', 1)) as [string, string[]][];
  if (first === undefined) return 'empty';
  const [id, fields] = first;
  if (fields.length === 2 && fields[0] === 'r') return LAYOUT;
  layout1Entry(namespace, id, fields);
  return '1';
}

/**
 * Brings `namespace` on `redis` to layout 2: a namespace of the first layout is moved, one with layout 2's data but
 * no layout key (lost) or with a head but no events is marked. One process moves it while others wait; a move cut
 * short starts over on the next open. Resolves when the namespace has layout 2. Throws EventStoreError when another
 * process's move does not finish in 10 minutes, or when the data is of no layout this code knows.
 */
export async function migrateLayout1(redis: Redis, namespace: string, options: MigrateOptions = {}): Promise<void> {
  const k = keysOf(namespace);
  const deadline = Date.now() + WAIT_FOR_OTHER_MS;
  for (;;) {
    const token = `${process.pid}:${Math.random()}`;
    while ((await redis.set(k.lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
      if ((await redis.get(k.layout)) === LAYOUT) return;
      if (Date.now() > deadline) throw new EventStoreError(`another process is still migrating "${namespace}"`);
      await sleep(250);
    }
    try {
      const layout = await detectLayout(redis, namespace);
      if (layout === LAYOUT || layout === 'empty') {
        await guardedSet(redis, k.lock, token, k.layout);
        return;
      }
      if (layout !== '1') {
        throw new EventStoreError(
          `the Redis namespace "${namespace}" has layout ${layout}; this release reads ${LAYOUT}`,
        );
      }
      await move(redis, namespace, token, options);
      await cleanupAfterMigration(redis, namespace);
      return;
    } catch (error) {
      // Another process took the move over while this one was paused past its lock: wait for that one.
      if (!(error instanceof LockLost)) throw error;
    } finally {
      await redis.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0",
        1,
        k.lock,
        token,
      );
    }
  }
}

/** Sets the layout key to this code's layout if `token` still holds the lock. */
async function guardedSet(redis: Redis, lock: string, token: string, layoutKey: string): Promise<void> {
  await guarded(
    redis,
    `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('${LOCK_LOST}') end
     redis.call('SET', KEYS[2], '${LAYOUT}') return 1`,
    [lock, layoutKey],
    [token],
  );
}

async function move(redis: Redis, namespace: string, token: string, options: MigrateOptions): Promise<void> {
  const k = keysOf(namespace);
  const chunkSize = options.chunkSize ?? 1000;
  // Start over from whatever an interrupted move left.
  await guarded(redis, GUARDED_UNLINK, [k.lock, k.newLog, k.eventIds], [token, LOCK_MS]);
  await scanKeys(redis, `${glob(k.eventsPrefix)}*`, async (keys) => {
    await guarded(redis, GUARDED_UNLINK, [k.lock, ...keys], [token, LOCK_MS]);
  });
  let after = '-';
  let clock = 0;
  for (let chunk = 1; ; chunk++) {
    const entries = (await redis.xrange(k.log, after, '+', 'COUNT', chunkSize)) as [string, string[]][];
    if (entries.length === 0) break;
    let events: ({ id: string } & ReturnType<typeof layout1Entry>)[];
    try {
      events = entries.map(([id, f]) => ({ id, ...layout1Entry(namespace, id, f) }));
    } catch (error) {
      // A log of layout 2 under a mover that lost its lock: another process finished the move meanwhile.
      if ((await redis.get(k.lock)) !== token) throw new LockLost();
      throw error;
    }
    const known = await redis.hmget(k.legacyIds, ...events.map((e) => e.eventId));
    const keys = [k.lock, k.newLog, k.eventIds];
    const args: (string | number)[] = [token, LOCK_MS];
    const staleSnapshots = new Set<string>();
    events.forEach((e, i) => {
      const position = e.id.slice(0, -2);
      // recordedAt never decreases along the log (a clock stepped back while the first layout wrote). A snapshot's
      // time is its last event's: the snapshot of a stream with a time moved is dropped (the next load saves one).
      if (e.ms < clock) staleSnapshots.add(`${k.snapshotPrefix}${e.streamId}`);
      clock = Math.max(clock, e.ms);
      const body = `${e.eventId}${US}${e.type}${US}${e.data}${US}${e.metadata}`;
      // Layout 1: "position|first position of its append|events in it|expected".
      const [pos, first, count, expected] = (known[i] ?? `${position}|${position}|1|any`).split('|');
      keys.push(`${k.eventsPrefix}${e.streamId}`);
      args.push(
        e.id,
        `${e.streamId}${US}${e.version}${US}${clock}${US}${body}`,
        `${position}${US}${clock}${US}${body}`,
        e.eventId,
        pos === first ? `${pos}|${count}|${expected}` : pos!,
      );
    });
    await guarded(redis, GUARDED_UNLINK, [k.lock, ...staleSnapshots], [token, LOCK_MS]);
    await guarded(redis, COPY_CHUNK, keys, args);
    after = `(${entries.at(-1)![0]}`;
    await options.afterChunk?.(chunk);
  }
  await guarded(
    redis,
    SWITCH,
    [k.lock, k.newLog, k.log, k.head, k.layout, k.legacyIds, k.cleanup],
    [token, clock, after === '-' ? '0' : '1'],
  );
}

/**
 * Removes what the first layout left after a move ({ns}:stream:* lists), if a move left that work marked. Safe to run
 * in several processes at once; a process that stops half-way leaves the mark for the next open.
 */
export async function cleanupAfterMigration(redis: Redis, namespace: string): Promise<void> {
  const k = keysOf(namespace);
  if ((await redis.exists(k.cleanup)) === 0) return;
  await scanKeys(redis, `${glob(k.legacyStreamPrefix)}*`, async (keys) => {
    await redis.unlink(...keys);
  });
  await redis.unlink(k.cleanup);
}
