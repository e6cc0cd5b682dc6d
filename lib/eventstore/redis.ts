// The Redis adapter, store of record. Appends are one Lua script (see redis-scripts.ts); reads are plain commands
// or a read-only script; subscriptions block on XREAD on a connection of their own. Layout 3: redis-scripts.ts.
import { hostname } from 'node:os';
import { Redis, type RedisOptions } from 'ioredis';
import { DuplicateEventError, EventStoreError, WrongExpectedVersionError } from './errors';
import { cleanupAfterMigration, migrateToCurrentLayout } from './redis-migrate';
import { APPEND, CLAIM_LAYOUT, LAYOUT, READ_STREAM_BACKWARD, SAVE_SNAPSHOT, US } from './redis-scripts';
import { runSubscription } from './subscription';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  JsonObject,
  JsonValue,
  ListStreamsOptions,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from './types';
import {
  checkEventId,
  checkListStreams,
  checkReadAll,
  checkReadStream,
  checkStreamId,
  checkSubscribe,
  prepareAppend,
  prepareSnapshot,
  snapshotContradicts,
} from './validate';

type Entry = [id: string, fields: string[]];
type AppendReply = [status: 'ok' | 'retry' | 'conflict' | 'duplicate', a: number | string, b?: number, c?: string];

interface ScriptedRedis extends Redis {
  esAppend(...args: (string | number)[]): Promise<AppendReply>;
  esReadStreamBackward(...args: (string | number)[]): Promise<[firstVersion: number, entries: string[]]>;
  esSaveSnapshot(...args: (string | number)[]): Promise<number | [code: number, ms?: string]>;
  esClaimLayout(...args: string[]): Promise<string | null>;
}

export interface RedisStoreOptions {
  redisUrl: string;
  /** Key prefix; several apps or test runs can share one Redis under different namespaces. */
  namespace: string;
  /** How long opening waits for Redis to answer before failing. */
  connectTimeoutMs?: number;
}

export const redisKeys = (namespace: string) => {
  const tag = `{${namespace}}`;
  return {
    tag,
    log: `${tag}:log`,
    head: `${tag}:head`,
    layout: `${tag}:layout`,
    ids: `${tag}:eventids`,
    streams: `${tag}:streams`,
    stream: (streamId: string) => `${tag}:s:${streamId}`,
    snapshot: (streamId: string) => `${tag}:snap:${streamId}`,
  };
};

/**
 * How long a command may wait for Redis's answer before it fails (the store is then "unavailable"): a hung Redis is
 * answered 503 after this long. Not shorter: a busy event loop (a rebuild, a burst) must not turn late answers into
 * failures. A Redis that is down fails at once (no offline queue).
 */
export const COMMAND_TIMEOUT_MS = 3000;

export function redisClientOptions(connectTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    maxRetriesPerRequest: 3,
    // Fail fast while Redis is away: a command sent while the connection is down fails at once (no offline queue),
    // and one Redis does not answer (hung, or a dropped link not yet noticed) fails after COMMAND_TIMEOUT_MS. The
    // web edge answers both with 503 (see isStoreUnavailable); the client reconnects by itself.
    enableOfflineQueue: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
    // Off on purpose: with 32 appends in flight, auto-pipelining sent them in lock-step bursts and Redis and Node
    // took turns idling (bench:store: 0.43 of the XADD baseline with it, 0.74 without).
    enableAutoPipelining: false,
  };
}

/** Connects and checks that Redis answers; throws a clear error (and leaves no client behind) when it does not. */
export async function connectRedis(url: string, options: RedisOptions): Promise<Redis> {
  let connected = false;
  // No retries until the first connection works (fail fast), then reconnect after drops, backing off to 2 s.
  const redis = new Redis(url, {
    ...options,
    lazyConnect: true,
    retryStrategy: (times) => (connected ? Math.min(times * 100, 2000) : null),
  });
  redis.on('error', () => {}); // failures reach callers as rejected commands
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new EventStoreError(`Redis did not answer at ${withoutCredentials(url)}: ${(error as Error).message}`);
  }
  connected = true;
  return redis;
}

/**
 * Connects to Redis and returns the store. A namespace written by an earlier layout (1 or 2) is moved to layout 3
 * first (redis-migrate.ts). Throws EventStoreError when Redis does not answer in time.
 */
export async function openRedisStore(options: RedisStoreOptions): Promise<RedisEventStore> {
  const redis = await connectRedis(options.redisUrl, redisClientOptions(options.connectTimeoutMs ?? 2000));
  const store = new RedisEventStore(redis, options.redisUrl, options.namespace);
  try {
    await store.claimLayout();
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  return store;
}

export class RedisEventStore implements EventStore {
  readonly kind = 'redis' as const;
  private readonly redis: ScriptedRedis;
  private readonly keys: ReturnType<typeof redisKeys>;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    redis: Redis,
    readonly url: string,
    readonly namespace: string,
  ) {
    this.keys = redisKeys(namespace);
    redis.defineCommand('esAppend', { numberOfKeys: 5, lua: APPEND });
    redis.defineCommand('esReadStreamBackward', { numberOfKeys: 1, lua: READ_STREAM_BACKWARD });
    redis.defineCommand('esSaveSnapshot', { numberOfKeys: 2, lua: SAVE_SNAPSHOT });
    redis.defineCommand('esClaimLayout', { numberOfKeys: 3, lua: CLAIM_LAYOUT });
    this.redis = redis as ScriptedRedis;
  }

  /**
   * Marks an empty namespace with this code's layout, or moves one written by an earlier layout to it. Throws
   * EventStoreError for a layout this code does not know (written by a newer release).
   */
  async claimLayout(): Promise<void> {
    let layout = await this.redis.esClaimLayout(this.keys.head, this.keys.layout, this.keys.log);
    if (layout === null || layout === '2') {
      await migrateToCurrentLayout(this.redis, this.namespace);
      layout = await this.redis.esClaimLayout(this.keys.head, this.keys.layout, this.keys.log);
    }
    if (layout !== LAYOUT) {
      throw new EventStoreError(
        `the Redis namespace "${this.namespace}" has layout ${String(layout)}; this release reads layout ${LAYOUT}`,
      );
    }
    // A move whose process stopped after the switch left the earlier layout's lists behind.
    await cleanupAfterMigration(this.redis, this.namespace);
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const p = prepareAppend(streamId, events, options);
    const args: (string | number)[] = [
      this.keys.log,
      this.keys.head,
      this.keys.ids,
      this.keys.streams,
      this.keys.stream(p.streamId),
      p.streamId,
      String(p.expected),
      p.events.length,
    ];
    for (const e of p.events) args.push(e.eventId, e.eventId + US + e.type + US + e.data + US + e.metadata);
    let reply: AppendReply;
    try {
      reply = await this.redis.esAppend(...args);
    } catch (error) {
      // The script's own refusals (a head that does not match the log) say what is wrong and that nothing was written.
      const message = (error as Error).message;
      if (message.includes('the head of the log')) throw new EventStoreError(message.replace(/^ERR /, ''));
      throw error;
    }
    const [status, a, b] = reply;
    switch (status) {
      case 'ok':
      case 'retry': {
        const version = Number(a);
        const first = Number(b);
        return {
          streamId: p.streamId,
          version,
          positions: p.events.map((_, i) => first + i),
          retried: status === 'retry',
        };
      }
      case 'conflict':
        throw new WrongExpectedVersionError(p.streamId, p.expected, Number(a));
      case 'duplicate':
        throw new DuplicateEventError(
          String(a),
          `event id ${a} is already stored (not as a retry of this same append to "${p.streamId}")`,
        );
      default:
        throw new EventStoreError(`unexpected reply from the append script: ${String(status)}`);
    }
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const r = checkReadStream(streamId, options);
    const key = this.keys.stream(streamId);
    if (r.backward) {
      const [first, entries] = await this.redis.esReadStreamBackward(key, r.fromVersion, r.toVersion, r.limit);
      const count = entries.length / 2;
      const events = new Array<RecordedEvent>(count);
      for (let i = 0; i < count; i++) {
        events[count - 1 - i] = fromStreamEntry(streamId, first + i, entries[2 * i]!, entries[2 * i + 1]!);
      }
      return events;
    }
    // Forward needs no script: version v is at the list's elements 2v-1 and 2v.
    const hi = Math.min(r.toVersion, r.fromVersion + r.limit - 1);
    if (hi < r.fromVersion) return [];
    const entries = await this.redis.lrange(key, 2 * r.fromVersion - 2, 2 * hi - 1);
    const count = entries.length / 2;
    const events = new Array<RecordedEvent>(count);
    for (let i = 0; i < count; i++) {
      events[i] = fromStreamEntry(streamId, r.fromVersion + i, entries[2 * i]!, entries[2 * i + 1]!);
    }
    return events;
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const r = checkReadAll(options);
    const entries = (await this.redis.xrange(this.keys.log, `${r.fromPosition}-0`, '+', 'COUNT', r.limit)) as Entry[];
    return entries.map(toRecorded);
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.redis.llen(this.keys.stream(checkStreamId(streamId)))) / 2;
  }

  async headPosition(): Promise<number> {
    // The log holds positions 1..N, one entry each, and is never trimmed: its length is the head, as the append
    // script counts it (the head key may be lost; the log cannot disagree with itself).
    return this.redis.xlen(this.keys.log);
  }

  async listStreams(options?: ListStreamsOptions): Promise<string[]> {
    const q = checkListStreams(options);
    const min = q.from === '' && !q.exclusive ? '-' : `${q.exclusive ? '(' : '['}${q.from}`;
    const max = q.below === null ? '+' : `(${q.below}`;
    return this.redis.zrangebylex(this.keys.streams, min, max, 'LIMIT', 0, q.limit);
  }

  subscribeToAll(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    if (this.closed) throw new EventStoreError('the event store is closed: a subscription needs an open one');
    const o = checkSubscribe(options, handler);
    // Blocking reads need a connection of their own; it reconnects by itself after a drop.
    const conn = this.redis.duplicate({
      enableAutoPipelining: false,
      maxRetriesPerRequest: null,
      // A blocking read waits up to 2 s by design, and may wait for a reconnect: no timeout, an offline queue.
      commandTimeout: undefined,
      enableOfflineQueue: true,
      connectionName: `orderly-sub:${this.namespace}@${hostname()}:${process.pid}`,
    });
    // A lost connection is reported once per outage: a read in flight waits for the reconnect (offline queue), so it
    // does not fail by itself.
    let reported = false;
    let stopping = false;
    const lost = (why: string) => {
      if (reported || stopping) return;
      reported = true;
      o.onError?.(new EventStoreError(`${why}; reading again once it is back`));
    };
    conn.on('ready', () => {
      reported = false;
    });
    conn.on('error', (error: Error) => lost(`Redis cannot be reached (${error.message})`));
    conn.on('close', () => lost('the connection to Redis was lost'));
    // A read in flight when the link dropped is kept by ioredis for its reconnect, and disconnect() while it is
    // reconnecting never settles it (redis/ioredis#2197): a closed subscription's read ends here instead, or a
    // stopping projector would wait for it for good.
    let interrupted = () => {};
    const closed = new Promise<never>((_, reject) => {
      interrupted = () => reject(new Error('the subscription was closed'));
    });
    closed.catch(() => {});
    const sub = runSubscription(
      {
        pull: async (after, max) => {
          // Entry ids are "<position>-<ms>": everything after position `after`, whatever its time.
          const read = conn.xread('COUNT', max, 'BLOCK', 2000, 'STREAMS', this.keys.log, `${after}-${MAX_SEQ}`);
          read.catch(() => {}); // after a close nobody awaits it
          const reply = (await Promise.race([read, closed])) as [string, Entry[]][] | null;
          return reply?.[0]?.[1].map(toRecorded) ?? [];
        },
        interrupt: async () => {
          stopping = true;
          interrupted();
          conn.disconnect();
        },
      },
      { fromPosition: o.fromPosition, maxBatch: o.maxBatch, onError: o.onError },
      handler,
    );
    this.subscriptions.add(sub);
    sub.done.finally(() => this.subscriptions.delete(sub)).catch(() => {});
    return sub;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async readEvent(eventId: string): Promise<RecordedEvent | null> {
    const known = await this.redis.hget(this.keys.ids, checkEventId(eventId));
    if (!known) return null;
    const bar = known.indexOf('|');
    const position = bar === -1 ? known : known.slice(0, bar);
    // An id without its second part covers every entry of that position: "<position>-0" to "<position>-<max>".
    const [entry] = (await this.redis.xrange(this.keys.log, position, position)) as Entry[];
    return entry ? toRecorded(entry) : null;
  }

  async saveSnapshot(snapshot: Snapshot): Promise<boolean> {
    const s = prepareSnapshot(snapshot);
    const kept = await this.redis.esSaveSnapshot(
      this.keys.snapshot(s.streamId),
      this.keys.stream(s.streamId),
      s.version,
      s.schemaVersion,
      s.at,
      s.state,
      String(Date.parse(s.at)),
    );
    if (Array.isArray(kept)) throw snapshotContradicts(s, kept[0] === -1 ? null : new Date(Number(kept[1])));
    return kept === 1;
  }

  async loadSnapshot(streamId: string): Promise<Snapshot | null> {
    const [v, sv, a, state] = await this.redis.hmget(this.keys.snapshot(checkStreamId(streamId)), 'v', 'sv', 'a', 's');
    if (!v || !sv || !a || !state) return null;
    return { streamId, version: Number(v), schemaVersion: Number(sv), at: a, state: JSON.parse(state) as JsonValue };
  }

  /** Whether acknowledged events survive a Redis restart, from the server's own configuration. */
  async persistence(): Promise<{ durable: boolean; detail: string }> {
    try {
      const aof = ((await this.redis.config('GET', 'appendonly')) as string[])[1];
      const fsync = ((await this.redis.config('GET', 'appendfsync')) as string[])[1];
      const save = ((await this.redis.config('GET', 'save')) as string[])[1];
      const policy = ((await this.redis.config('GET', 'maxmemory-policy')) as string[])[1];
      if (policy && policy !== 'noeviction') {
        return {
          durable: false,
          detail: `maxmemory-policy is ${policy}: under memory pressure Redis may evict streams and the id index (set it to noeviction)`,
        };
      }
      if (aof === 'yes') return { durable: true, detail: `AOF on (appendfsync ${fsync})` };
      if (save) return { durable: true, detail: `AOF off, RDB snapshots "${save}": a crash loses recent events` };
      return { durable: false, detail: 'AOF off and no RDB saves: every event is lost when Redis restarts' };
    } catch (error) {
      return { durable: false, detail: `could not read the persistence settings (${(error as Error).message})` };
    }
  }

  /** For tests: the client this store talks through. */
  get client(): Redis {
    return this.redis;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * recordedAt of `ms`: the ISO string of the last time asked for is kept, because the events of one append share their
 * time and a catch-up reads them one after another (Date#toISOString is a good part of turning an entry into an event).
 */
let lastMs = '';
let lastIso = '';
function isoOf(ms: string): string {
  if (ms !== lastMs) {
    lastIso = new Date(Number(ms)).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

/** The largest second part of a stream entry id (an unsigned 64-bit integer). */
const MAX_SEQ = '18446744073709551615';

/**
 * A log entry: id "<position>-<ms>", one field named "streamId US version" whose value is the body
 * "eventId US type US data US metadata".
 */
function toRecorded([id, f]: Entry): RecordedEvent {
  const header = f[0]!;
  const us = header.lastIndexOf(US);
  const dash = id.indexOf('-');
  const [eventId, type, data, metadata] = f[1]!.split(US);
  return {
    eventId: eventId!,
    streamId: header.slice(0, us),
    version: Number(header.slice(us + 1)),
    type: type!,
    recordedAt: isoOf(id.slice(dash + 1)),
    data: JSON.parse(data!) as JsonValue,
    metadata: JSON.parse(metadata!) as JsonObject,
    position: Number(id.slice(0, dash)),
  };
}

/** An event of a stream's list: its header "position US ms" and its body "eventId US type US data US metadata". */
function fromStreamEntry(streamId: string, version: number, header: string, body: string): RecordedEvent {
  const us = header.indexOf(US);
  const position = header.slice(0, us);
  const ms = header.slice(us + 1);
  const [eventId, type, data, metadata] = body.split(US);
  return {
    eventId: eventId!,
    streamId,
    version,
    type: type!,
    recordedAt: isoOf(ms!),
    data: JSON.parse(data!) as JsonValue,
    metadata: JSON.parse(metadata!) as JsonObject,
    position: Number(position),
  };
}

/** Whether the store is the Redis adapter (its URL, namespace and client are then at hand). */
export const isRedisStore = (store: EventStore): store is RedisEventStore => store instanceof RedisEventStore;

/** A Redis URL as it may be shown or logged: a user name and password replaced by `***`. */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = u.password ? '***' : u.username && '***';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
