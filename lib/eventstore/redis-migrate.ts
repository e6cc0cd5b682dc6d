// Moves a Redis namespace written by the first layout (log entries with fields e s v t r d m, stream lists of
// positions, {ns}:ids) to layout 2 (redis-scripts.ts), once, when a store opens it. Nothing is lost: every event
// keeps its id, stream, version, position, time, data and metadata, and retries of appends made before the move are
// still recognised. Run it with every node stopped (docs/event-store.md, "Redis keys"): a node of the old release that
// appends during the move would write the old layout.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { EventStoreError } from './errors';
import { LAYOUT, US } from './redis-scripts';

const CHUNK = 1000;
/** How long a second process waits for a move another process is making. */
const WAIT_FOR_OTHER_MS = 10 * 60_000;
const LOCK_MS = 60_000;

const legacyKeys = (tag: string) => ({
  ids: `${tag}:ids`,
  streamPrefix: `${tag}:stream:`,
});

async function deleteMatching(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Glob-escapes a key prefix for SCAN MATCH. */
const glob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Migrates `namespace` from layout 1 to layout 2 on `redis` (a connection with no offline queue is fine). Takes a
 * lock so that one process moves it while others wait; restartable (a move cut short starts over). Resolves when
 * the namespace has layout 2; throws EventStoreError when another process's move does not finish in 10 minutes.
 */
export async function migrateLayout1(redis: Redis, namespace: string): Promise<void> {
  const tag = `{${namespace}}`;
  const lock = `${tag}:migrating`;
  const token = `${process.pid}:${Math.random()}`;
  const deadline = Date.now() + WAIT_FOR_OTHER_MS;
  while ((await redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK') {
    if ((await redis.get(`${tag}:layout`)) === LAYOUT) return;
    if (Date.now() > deadline) throw new EventStoreError(`another process is still migrating "${namespace}"`);
    await sleep(500);
  }
  try {
    if ((await redis.get(`${tag}:layout`)) === LAYOUT) return;
    const legacy = legacyKeys(tag);
    const newLog = `${tag}:log:migrating`;
    // Start over from whatever an interrupted move left.
    await redis.unlink(newLog, `${tag}:eventids`);
    await deleteMatching(redis, `${glob(`${tag}:events:`)}*`);
    let after = '-';
    let clock = 0;
    for (;;) {
      const entries = (await redis.xrange(`${tag}:log`, after, '+', 'COUNT', CHUNK)) as [string, string[]][];
      if (entries.length === 0) break;
      const ids = await redis.hmget(legacy.ids, ...entries.map(([, f]) => f[1]!));
      const m = redis.multi();
      entries.forEach(([id, f], i) => {
        // Layout 1 fields, in order: e eventId, s streamId, v version, t type, r ms, d data, m metadata.
        const [eventId, streamId, version, type, ms, data, metadata] = [f[1], f[3], f[5], f[7], f[9], f[11], f[13]];
        const position = id.slice(0, -2);
        const body = `${eventId}${US}${type}${US}${data}${US}${metadata}`;
        m.xadd(newLog, id, 'r', `${streamId}${US}${version}${US}${ms}${US}${body}`);
        m.rpush(`${tag}:events:${streamId}`, `${position}${US}${ms}${US}${body}`);
        // Layout 1: "position|first position of its append|events in it|expected".
        const [pos, first, count, expected] = (ids[i] ?? `${position}|${position}|1|any`).split('|');
        m.hset(`${tag}:eventids`, eventId!, pos === first ? `${pos}|${count}|${expected}` : pos!);
        clock = Math.max(clock, Number(ms));
      });
      await m.exec();
      await redis.pexpire(lock, LOCK_MS);
      after = `(${entries.at(-1)![0]}`;
    }
    // The switch: one transaction, so a reader sees either the old namespace or the new one.
    const head = Number.parseInt((await redis.get(`${tag}:head`)) ?? '0', 10);
    const done = redis.multi();
    if (after !== '-') done.rename(newLog, `${tag}:log`);
    // Layout 2's head also holds the time of the last append (redis-scripts.ts).
    done.set(`${tag}:head`, `${head} ${clock}`).set(`${tag}:layout`, LAYOUT).unlink(legacy.ids);
    await done.exec();
    await deleteMatching(redis, `${glob(legacy.streamPrefix)}*`);
  } finally {
    if ((await redis.get(lock)) === token) await redis.unlink(lock);
  }
}
