// Moves a Redis namespace written by an earlier layout to layout 3 (redis-scripts.ts), once, when a store opens it:
// the first layout (log entries with fields e s v t r d m, stream lists of positions, {ns}:ids) or layout 2 (one log
// field r holding the whole event, {ns}:events:<id> lists of whole events). Nothing is lost: every event keeps its
// id, stream, version, position, data and metadata, and retries of appends made before the move are still
// recognised; recorded times are clamped so that they never decrease along the log (the rule since layout 2).
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
  /** Most events read at once (default 1,000). */
  chunkSize?: number;
  /** Most bytes of events copied by one command (default 8 MiB): large events make smaller chunks. */
  chunkBytes?: number;
  /** The lock's lifetime in ms (default 15 s). */
  lockMs?: number;
  afterChunk?: (chunk: number) => Promise<void>;
  /** Called after each page of a key scan (to slow a scan down in tests). */
  afterScanPage?: () => Promise<void>;
}

/** How long a second process waits for a move another process is making. */
const WAIT_FOR_OTHER_MS = 10 * 60_000;
/** The lock's lifetime; renewed by every write of the move, so it only runs out when its mover stopped. */
const DEFAULT_LOCK_MS = 15_000;

const LOCK_LOST = 'ORDERLY_LOCK_LOST';

/** KEYS: lock, then keys to unlink. ARGV: token, lock ms. */
const GUARDED_UNLINK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('${LOCK_LOST}') end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if #KEYS > 1 then redis.call('UNLINK', unpack(KEYS, 2)) end
return #KEYS - 1
`;

/**
 * KEYS: lock, new log, eventids, then each entry's stream list. ARGV: token, lock ms, "1" to write the eventids too,
 * then per entry: log id, header "streamId US version", body, list header "position US ms", event id, eventids value.
 */
const COPY_CHUNK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('${LOCK_LOST}') end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
for i = 1, #KEYS - 3 do
  local a = 3 + (i - 1) * 6
  redis.call('XADD', KEYS[2], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3])
  redis.call('RPUSH', KEYS[3 + i], ARGV[a + 4], ARGV[a + 3])
  if ARGV[3] == '1' then redis.call('HSET', KEYS[3], ARGV[a + 5], ARGV[a + 6]) end
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
-- The head's position is the log's length (positions 1..N, whatever the old head said, even when it was lost); its
-- time the last event's, or the old head's when that is later and plausible.
local ms = string.match(redis.call('GET', KEYS[4]) or '', '^%d+ (%d+)$')
local last = tonumber(ARGV[2])
if ms and #ms <= 15 and tonumber(ms) > last then last = tonumber(ms) end
if ARGV[3] == '1' then redis.call('RENAME', KEYS[2], KEYS[3]) end
redis.call('SET', KEYS[4], redis.call('XLEN', KEYS[3]) .. ' ' .. string.format('%d', last))
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
    listPrefix: `${tag}:s:`,
    snapshotPrefix: `${tag}:snap:`,
    legacyIds: `${tag}:ids`,
    /** The stream lists of layout 1 (positions) and of layout 2 (whole events), removed after a move. */
    legacyListPrefixes: [`${tag}:stream:`, `${tag}:events:`],
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

/**
 * Calls `each` with every page of a scan for keys matching `pattern`, empty pages too (a scan walks the whole
 * keyspace, so a long one must let its caller renew a lock as it goes).
 */
async function scanKeys(redis: Redis, pattern: string, each: (keys: string[]) => Promise<void>): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    await each(keys);
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

/** An event as both earlier layouts' log entries hold it. */
interface OldEvent {
  position: string;
  eventId: string;
  streamId: string;
  version: string;
  type: string;
  ms: number;
  data: string;
  metadata: string;
}

/**
 * A layout 2 log entry, checked: id "<position>-0", one field r = streamId US version US ms US eventId US type US
 * data US metadata.
 */
function layout2Entry(namespace: string, id: string, f: string[]): OldEvent {
  const parts = f.length === 2 && f[0] === 'r' ? f[1]!.split(US) : [];
  const [streamId, version, ms, eventId, type, data, metadata] = parts;
  if (parts.length !== 7 || !/^\d+-0$/.test(id) || !/^[1-9]\d*$/.test(version!) || !/^\d+$/.test(ms!) || !streamId) {
    throw new EventStoreError(
      `the Redis namespace "${namespace}" has a log entry ${id} that is not of layout 2; nothing was moved`,
    );
  }
  return {
    position: id.slice(0, -2),
    eventId: eventId!,
    streamId,
    version: version!,
    type: type!,
    ms: Number(ms),
    data: data!,
    metadata: metadata!,
  };
}

/**
 * The namespace's layout as its data shows it: its {ns}:layout key, or, when that is missing, the shape of the first
 * log entry ("1": fields e s v t r d m; "2": one field r; "3": one field named "streamId US version"), or "empty".
 * Throws EventStoreError for a log of none of these.
 */
export async function detectLayout(redis: Redis, namespace: string): Promise<string> {
  const k = keysOf(namespace);
  const layout = await redis.get(k.layout);
  if (layout !== null) return layout;
  const [first] = (await redis.xrange(k.log, '-', '+', 'COUNT', 1)) as [string, string[]][];
  if (first === undefined) return 'empty';
  const [id, fields] = first;
  if (fields.length === 2 && fields[0] === 'r') return '2';
  if (fields.length === 2 && fields[0]!.includes(US)) return LAYOUT;
  layout1Entry(namespace, id, fields);
  return '1';
}

/**
 * Brings `namespace` on `redis` to layout 3: a namespace of layout 1 or 2 is moved, one with layout 3's data but no
 * layout key (lost) or with a head but no events is marked. One process moves it while others wait; a move cut short
 * starts over on the next open. Resolves when the namespace has layout 3. Throws EventStoreError when another
 * process's move does not finish in 10 minutes, or when the data is of no layout this code knows.
 */
export async function migrateToCurrentLayout(
  redis: Redis,
  namespace: string,
  options: MigrateOptions = {},
): Promise<void> {
  const k = keysOf(namespace);
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const deadline = Date.now() + WAIT_FOR_OTHER_MS;
  for (;;) {
    // A move that keeps losing its lock (each attempt outlasting it) gives up rather than start over forever.
    if (Date.now() > deadline) throw new EventStoreError(`could not finish moving "${namespace}" in 10 minutes`);
    const token = `${process.pid}:${Math.random()}`;
    while ((await redis.set(k.lock, token, 'PX', lockMs, 'NX')) !== 'OK') {
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
      if (layout !== '1' && layout !== '2') {
        throw new EventStoreError(
          `the Redis namespace "${namespace}" has layout ${layout}; this release reads ${LAYOUT}`,
        );
      }
      await move(redis, namespace, token, layout, options);
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

async function move(
  redis: Redis,
  namespace: string,
  token: string,
  from: '1' | '2',
  options: MigrateOptions,
): Promise<void> {
  const k = keysOf(namespace);
  const chunkSize = options.chunkSize ?? 1000;
  const chunkBytes = options.chunkBytes ?? 8 * 2 ** 20;
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  // Layout 2's id index is layout 3's as it is; the first layout's is rewritten.
  const writeIds = from === '1';
  // Start over from whatever an interrupted move left (none of it is read before the switch).
  await guarded(redis, GUARDED_UNLINK, [k.lock, k.newLog, ...(writeIds ? [k.eventIds] : [])], [token, lockMs]);
  await scanKeys(redis, `${glob(k.listPrefix)}*`, async (keys) => {
    await guarded(redis, GUARDED_UNLINK, [k.lock, ...keys], [token, lockMs]); // renews the lock, page by page
    await options.afterScanPage?.();
  });
  let after = '-';
  let clock = 0;
  // Read few events first, then as many as fit in chunkBytes at the sizes seen (at most chunkSize): a chunk of large
  // events must not make one command run past its timeout.
  let count = Math.min(chunkSize, 10);
  for (let chunk = 1; ; chunk++) {
    const entries = (await redis.xrange(k.log, after, '+', 'COUNT', count)) as [string, string[]][];
    if (entries.length === 0) break;
    let events: OldEvent[];
    try {
      events = entries.map(([id, f]) =>
        from === '1'
          ? { position: id.slice(0, -2), ...layout1Entry(namespace, id, f) }
          : layout2Entry(namespace, id, f),
      );
    } catch (error) {
      // A log of layout 3 under a mover that lost its lock: another process finished the move meanwhile.
      if ((await redis.get(k.lock)) !== token) throw new LockLost();
      throw error;
    }
    const known = writeIds ? await redis.hmget(k.legacyIds, ...events.map((e) => e.eventId)) : [];
    const staleSnapshots = new Set<string>();
    let keys: string[] = [];
    let args: (string | number)[] = [];
    let bytes = 0;
    let chunkTotal = 0;
    const copy = async () => {
      if (keys.length === 0) return;
      await guarded(
        redis,
        COPY_CHUNK,
        [k.lock, k.newLog, k.eventIds, ...keys],
        [token, lockMs, writeIds ? '1' : '0', ...args],
      );
      keys = [];
      args = [];
      bytes = 0;
    };
    for (const [i, e] of events.entries()) {
      // recordedAt never decreases along the log (a clock stepped back while the first layout wrote). A snapshot's
      // time is its last event's: the snapshot of a stream with a time moved is dropped (the next load saves one).
      if (e.ms < clock) staleSnapshots.add(`${k.snapshotPrefix}${e.streamId}`);
      clock = Math.max(clock, e.ms);
      let ids: [string, string] = ['', ''];
      if (writeIds) {
        // Layout 1: "position|first position of its append|events in it|expected".
        const [pos, first, n, expected] = (known[i] ?? `${e.position}|${e.position}|1|any`).split('|');
        ids = [e.eventId, pos === first ? `${pos}|${n}|${expected}` : pos!];
      }
      const body = `${e.eventId}${US}${e.type}${US}${e.data}${US}${e.metadata}`;
      const size = Buffer.byteLength(body);
      if (bytes > 0 && bytes + size > chunkBytes) await copy();
      keys.push(`${k.listPrefix}${e.streamId}`);
      args.push(`${e.position}-${clock}`, `${e.streamId}${US}${e.version}`, body, `${e.position}${US}${clock}`, ...ids);
      bytes += size;
      chunkTotal += size;
    }
    await guarded(redis, GUARDED_UNLINK, [k.lock, ...staleSnapshots], [token, lockMs]);
    await copy();
    after = `(${entries.at(-1)![0]}`;
    count = Math.max(1, Math.min(chunkSize, Math.floor(chunkBytes / (chunkTotal / entries.length))));
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
 * Removes what an earlier layout left after a move (its stream lists, {ns}:stream:* or {ns}:events:*), if a move left
 * that work marked. Safe to run in several processes at once; a process that stops half-way leaves the mark for the
 * next open.
 */
export async function cleanupAfterMigration(redis: Redis, namespace: string): Promise<void> {
  const k = keysOf(namespace);
  if ((await redis.exists(k.cleanup)) === 0) return;
  for (const prefix of k.legacyListPrefixes) {
    await scanKeys(redis, `${glob(prefix)}*`, async (keys) => {
      if (keys.length > 0) await redis.unlink(...keys);
    });
  }
  await redis.unlink(k.cleanup);
}
