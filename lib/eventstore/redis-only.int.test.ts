// What only the Redis adapter has to show: acknowledged events survive a crash of Redis itself (with AOF and
// appendfsync always), subscriptions resume after a dropped connection, and the persistence check tells the truth.

import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedisServer } from '../testing/redis-server';
import { EventStoreError } from './errors';
import { openRedisStore } from './redis';
import { migrateToCurrentLayout } from './redis-migrate';
import { deleteNamespace, openRedisStoreForTest, testRedisUrl } from './testing';
import type { AppendResult, EventStore, RecordedEvent } from './types';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('redis event store durability', () => {
  it('keeps every acknowledged event after redis-server is killed with SIGKILL and restarted', async () => {
    const server = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    cleanups.push(server.stop);
    const store = await openRedisStore({ redisUrl: server.url, namespace: 'durability' });
    expect(await store.persistence()).toEqual({ durable: true, detail: 'AOF on (appendfsync always)' });

    const acked: { streamId: string; eventId: string; result: AppendResult }[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 125; i++) {
          const streamId = `s-${w}`;
          const eventId = `e-${w}-${i}`;
          const result = await store.append(streamId, [{ type: 'Tick', data: { w, i }, eventId }], {
            expectedVersion: i,
          });
          acked.push({ streamId, eventId, result });
        }
      }),
    );
    expect(acked).toHaveLength(1000);
    store.client.disconnect();
    await server.kill();

    const again = await startRedisServer({
      dir: server.dir,
      port: server.port,
      args: ['--appendonly', 'yes', '--appendfsync', 'always'],
    });
    cleanups.push(again.stop);
    const reopened = await openRedisStore({ redisUrl: again.url, namespace: 'durability' });
    cleanups.push(() => reopened.close());
    const all = await reopened.readAll({ limit: 10_000 });
    const byId = new Map(all.map((e) => [e.eventId, e]));
    for (const a of acked) {
      expect(byId.get(a.eventId)).toMatchObject({
        streamId: a.streamId,
        version: a.result.version,
        position: a.result.positions[0],
      });
    }
    expect(await reopened.headPosition()).toBe(1000);
  });
});

describe('redis event store', () => {
  it('resumes a subscription from the last delivered position after its connection is killed', async () => {
    // A Redis of its own: connections are killed here, never on the shared one.
    const server = await startRedisServer();
    cleanups.push(() => server.stop());
    const t = await openRedisStoreForTest(server.url);
    cleanups.push(t.destroy);
    const store = t.store;
    await store.append('s', [{ type: 'E', data: 1 }], { expectedVersion: 0 });
    const seen: RecordedEvent[] = [];
    const errors: unknown[] = [];
    let notify = () => {};
    const sub = store.subscribeToAll({ onError: (error) => errors.push(error) }, (batch) => {
      seen.push(...batch);
      notify();
    });
    const until = (n: number) =>
      new Promise<void>((resolve) => {
        notify = () => seen.length >= n && resolve();
        notify();
      });
    await until(1);
    // Kill the subscription's own connection (named after the namespace), as a network failure would.
    const clients = (await store.client.client('LIST')) as string;
    const blocked = clients.split('\n').filter((line) => line.includes(` name=orderly-sub:${store.namespace}@`));
    expect(blocked.length).toBeGreaterThan(0);
    for (const line of blocked) {
      const id = /id=(\d+)/.exec(line)![1]!;
      await store.client.client('KILL', 'ID', id);
    }
    await store.append('s', [{ type: 'E', data: 2 }], { expectedVersion: 1 });
    await store.append('s', [{ type: 'E', data: 3 }], { expectedVersion: 2 });
    await until(3);
    await sub.close();
    expect(seen.map((e) => e.data)).toEqual([1, 2, 3]);
    // The lost connection was reported (the read itself only waited for the reconnect), once.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(EventStoreError);
  });

  it('tells onError when Redis is out of reach from the start, and delivers once it is back', async () => {
    // Every acknowledged write on disk before its answer: with everysec, a busy disk lets Redis put off the write for
    // up to 2 s, and the SIGKILL below could take the append with it (the subscription would then wait for ever).
    const server = await startRedisServer({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    cleanups.push(() => server.stop());
    const store = await openRedisStore({ redisUrl: server.url, namespace: 'from-the-start' });
    cleanups.push(async () => store.client.disconnect());
    await store.append('s', [{ type: 'E', data: 1 }], { expectedVersion: 0 });
    await server.kill();
    let heard = () => {};
    const told = new Promise<void>((resolve) => {
      heard = resolve;
    });
    const errors: unknown[] = [];
    let delivered = () => {};
    const got = new Promise<void>((resolve) => {
      delivered = resolve;
    });
    const sub = store.subscribeToAll(
      {
        onError: (error) => {
          errors.push(error);
          heard();
        },
      },
      () => delivered(),
    );
    await told;
    expect(errors[0]).toBeInstanceOf(EventStoreError);
    const again = await startRedisServer({
      args: ['--appendonly', 'yes', '--appendfsync', 'always'],
      dir: server.dir,
      port: server.port,
    });
    cleanups.push(() => again.stop());
    await got;
    await sub.close();
  });

  it('lets go of its connection when its handler throws', async () => {
    const t = await openRedisStoreForTest();
    cleanups.push(t.destroy);
    const store = t.store;
    await store.append('s', [{ type: 'E', data: 1 }], { expectedVersion: 0 });
    const subscriptionsOpen = async () =>
      ((await store.client.client('LIST')) as string)
        .split('\n')
        .filter((line) => line.includes(` name=orderly-sub:${store.namespace}@`)).length;
    const sub = store.subscribeToAll({}, () => {
      throw new Error('handler failed');
    });
    await expect(sub.done).rejects.toThrow('handler failed');
    // Redis drops the connection from its list once it has read the close; wait for that (bounded by the test's timeout).
    while ((await subscriptionsOpen()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await subscriptionsOpen()).toBe(0);
  });

  it('closes a subscription whose Redis went away during its read (a stopping projector is not held)', async () => {
    const server = await startRedisServer();
    cleanups.push(server.stop);
    const store = await openRedisStore({ redisUrl: server.url, namespace: 'closing' });
    cleanups.push(async () => store.client.disconnect());
    const sub = store.subscribeToAll({}, () => {});
    // Its read is in flight: Redis lists the subscription's connection as blocked in XREAD.
    for (;;) {
      const clients = (await store.client.client('LIST')) as string;
      if (clients.split('\n').some((l) => l.includes(' name=orderly-sub:closing@') && l.includes('cmd=xread'))) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await server.kill(); // the link drops, and nothing answers its reconnects
    // ioredis keeps the read for its reconnect and never settles it on disconnect (redis/ioredis#2197): without the
    // adapter's own interrupt this close, and a projector's stop, waited for good.
    await sub.close();
    await expect(sub.done).resolves.toBeUndefined();
  });

  it('reports a Redis without persistence as not durable', async () => {
    const server = await startRedisServer({ args: ['--appendonly', 'no'] });
    cleanups.push(server.stop);
    const store = await openRedisStore({ redisUrl: server.url, namespace: 'p' });
    cleanups.push(() => store.close());
    expect((await store.persistence()).durable).toBe(false);
  });

  it('reports a Redis that may evict keys as not durable, whatever its persistence', async () => {
    const server = await startRedisServer({ args: ['--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru'] });
    cleanups.push(server.stop);
    const store = await openRedisStore({ redisUrl: server.url, namespace: 'p' });
    cleanups.push(() => store.close());
    expect(await store.persistence()).toMatchObject({ durable: false, detail: expect.stringMatching(/allkeys-lru/) });
  });

  it('fails fast with a clear message when nothing answers', async () => {
    await expect(
      openRedisStore({ redisUrl: 'redis://127.0.0.1:1', namespace: 'nowhere', connectTimeoutMs: 500 }),
    ).rejects.toThrow(/Redis did not answer at redis:\/\/127\.0\.0\.1:1/);
  });
});

/** One event as the first layout's append script wrote it: [eventId, streamId, version, type, data, ids entry, ms]. */
type Layout1Row = [string, string, number, string, unknown, string, number];

/** Writes `rows` (positions 1..N) as the first layout did: log fields e s v t r d m, lists of positions, {ns}:ids. */
async function writeLayout1(redis: Redis, namespace: string, rows: Layout1Row[]): Promise<void> {
  const tag = `{${namespace}}`;
  for (const [i, [eventId, streamId, version, type, data, known, ms]] of rows.entries()) {
    const position = i + 1;
    await redis.xadd(
      `${tag}:log`,
      `${position}-0`,
      ...['e', eventId, 's', streamId, 'v', String(version), 't', type, 'r', String(ms)],
      ...['d', JSON.stringify(data), 'm', JSON.stringify({ actor: 'ann' })],
    );
    await redis.hset(`${tag}:ids`, eventId, known);
    await redis.rpush(`${tag}:stream:${streamId}`, position);
    await redis.zadd(`${tag}:streams`, 0, streamId);
  }
  await redis.set(`${tag}:head`, rows.length);
}

/** Writes `rows` (positions 1..N) as layout 2 did: one log field r with the whole event, {ns}:events:<id> lists. */
async function writeLayout2(redis: Redis, namespace: string, rows: Layout1Row[]): Promise<void> {
  const tag = `{${namespace}}`;
  const US = '\x1f';
  for (const [i, [eventId, streamId, version, type, data, known, ms]] of rows.entries()) {
    const position = i + 1;
    const body = [eventId, type, JSON.stringify(data), JSON.stringify({ actor: 'ann' })].join(US);
    await redis.xadd(`${tag}:log`, `${position}-0`, 'r', [streamId, version, ms, body].join(US));
    await redis.rpush(`${tag}:events:${streamId}`, [position, ms, body].join(US));
    // Layout 1's "position|first|count|expected" is layout 2's "position|count|expected" on an append's first event.
    const [pos, first, count, expected] = known.split('|');
    await redis.hset(`${tag}:eventids`, eventId, pos === first ? `${pos}|${count}|${expected}` : pos!);
    await redis.zadd(`${tag}:streams`, 0, streamId);
  }
  await redis.set(`${tag}:head`, `${rows.length} ${rows.at(-1)?.[6] ?? 0}`);
  await redis.set(`${tag}:layout`, '2');
}

/** What a store must read back for `rows` written by writeLayout1 or writeLayout2, given the times it should show. */
const recorded = (rows: Layout1Row[], times = rows.map((r) => r[6])) =>
  rows.map(([eventId, streamId, version, type, data], i) => ({
    eventId,
    streamId,
    version,
    type,
    data,
    metadata: { actor: 'ann' },
    position: i + 1,
    recordedAt: new Date(times[i]!).toISOString(),
  }));

/** The two-event append to order-1 at positions 1 and 2 (ids id-1, id-2), sent again, is answered as the first time. */
async function expectFirstAppendAnsweredAsRetry(store: EventStore): Promise<void> {
  const retry = await store.append(
    'order-1',
    [
      { type: 'A', data: { n: 1 }, eventId: 'id-1' },
      { type: 'B', data: { n: 2 }, eventId: 'id-2' },
    ],
    { expectedVersion: 0 },
  );
  expect(retry).toEqual({ streamId: 'order-1', version: 2, positions: [1, 2], retried: true });
}

/**
 * Per test: a fresh namespace (removed after it), a client of its own, and `open()` for stores on it. Read the
 * getters inside tests (they change with each test).
 */
function freshNamespace(kind: string) {
  const state = { redis: undefined as unknown as Redis, namespace: '', tag: '' };
  let n = 0;
  beforeEach(() => {
    const namespace = `test:${kind}:${Date.now()}:${process.pid}:${n++}`;
    const own = new Redis(testRedisUrl());
    Object.assign(state, { redis: own, namespace, tag: `{${namespace}}` });
    cleanups.push(async () => {
      await deleteNamespace(own, namespace);
      own.disconnect();
    });
  });
  const open = async () => {
    const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace: state.namespace });
    cleanups.push(() => store.close());
    return store;
  };
  return { state, open };
}

describe('a namespace written by the first Redis layout', () => {
  const at = Date.UTC(2026, 5, 1, 12);
  const fresh = freshNamespace('layout1');
  const open = fresh.open;
  let redis: Redis;
  let namespace: string;
  let tag: string;
  beforeEach(() => {
    ({ redis, namespace, tag } = fresh.state);
  });
  /** Ten events over three streams, the first two one append. */
  const tenEvents = (): Layout1Row[] =>
    Array.from({ length: 10 }, (_, i) => {
      const stream = i < 2 ? 'order-1' : `order-${2 + (i % 3)}`;
      const known = i < 2 ? `${i + 1}|1|2|0` : `${i + 1}|${i + 1}|1|any`;
      const version = i < 2 ? i + 1 : 1 + Math.floor((i - 2) / 3) + (stream === 'order-1' ? 2 : 0);
      return [`id-${i + 1}`, stream, version, `T${i}`, { i, note: 'ünï|code' }, known, at + i];
    });

  it('is moved to the current layout on open, once, with every event, retry and stream kept', async () => {
    const legacy: Layout1Row[] = [
      ['id-1', 'order-1', 1, 'A', { n: 1 }, '1|1|2|0', at],
      ['id-2', 'order-1', 2, 'B', { n: 2 }, '2|1|2|0', at + 1],
      ['id-3', 'order-2', 1, 'C', { note: 'ünï|code' }, '3|3|1|no_stream', at + 2],
    ];
    await writeLayout1(redis, namespace, legacy);

    // Two processes open it at once: one moves it, the other waits for the move.
    const [a, b] = await Promise.all([open(), open()]);
    const expected = recorded(legacy);
    expect(await a.readAll()).toEqual(expected);
    expect(await b.readStream('order-1')).toEqual(expected.slice(0, 2));
    expect(await b.readStream('order-1', { direction: 'backward', limit: 1 })).toEqual([expected[1]]);
    expect(await a.readEvent('id-3')).toEqual(expected[2]);
    expect(await a.listStreams()).toEqual(['order-1', 'order-2']);
    // A retry of an append made before the move is still recognised; another use of its ids is still refused.
    await expectFirstAppendAnsweredAsRetry(a);
    await expect(
      a.append('order-2', [{ type: 'X', data: 1, eventId: 'id-2' }], { expectedVersion: 1 }),
    ).rejects.toThrow(/already stored/);
    expect(await a.append('order-1', [{ type: 'D', data: 4 }], { expectedVersion: 2 })).toMatchObject({
      version: 3,
      positions: [4],
    });
    expect(Date.parse((await a.readAll({ fromPosition: 4 }))[0]!.recordedAt)).toBeGreaterThanOrEqual(at + 2);
    // Nothing of the first layout is left.
    expect(await redis.get(`${tag}:layout`)).toBe('3');
    expect(
      await redis.exists(
        `${tag}:ids`,
        `${tag}:stream:order-1`,
        `${tag}:stream:order-2`,
        `${tag}:log:migrating`,
        `${tag}:migrated:cleanup`,
      ),
    ).toBe(0);
  });

  it('clamps recorded times that went back, so that they never decrease along the log, and drops stale snapshots', async () => {
    const rows: Layout1Row[] = [
      ['id-1', 'order-1', 1, 'A', 1, '1|1|1|any', at + 5000],
      ['id-2', 'order-1', 2, 'B', 2, '2|2|1|any', at],
      ['id-3', 'order-2', 1, 'C', 3, '3|3|1|any', at + 6000],
    ];
    await writeLayout1(redis, namespace, rows);
    // Snapshots hold their last event's time: order-1's (at version 2) no longer would, order-2's still does.
    const snapshot = (streamId: string, version: number, ms: number) => ({
      streamId,
      version,
      schemaVersion: 1,
      at: new Date(ms).toISOString(),
      state: { version },
    });
    await redis.hset(`${tag}:snap:order-1`, 'v', 2, 'sv', 1, 'a', new Date(at).toISOString(), 's', '{"version":2}');
    await redis.hset(
      `${tag}:snap:order-2`,
      'v',
      1,
      'sv',
      1,
      'a',
      new Date(at + 6000).toISOString(),
      's',
      '{"version":1}',
    );
    const store = await open();
    expect(await store.readAll()).toEqual(recorded(rows, [at + 5000, at + 5000, at + 6000]));
    expect(await store.readStream('order-1')).toEqual(recorded(rows, [at + 5000, at + 5000, at + 6000]).slice(0, 2));
    expect(await store.loadSnapshot('order-1')).toBeNull();
    expect(await store.loadSnapshot('order-2')).toEqual(snapshot('order-2', 1, at + 6000));
  });

  it('is left alone when a mover paused past its lock resumes after another process finished the move', async () => {
    const rows = tenEvents();
    await writeLayout1(redis, namespace, rows);
    const other = new Redis(testRedisUrl());
    cleanups.push(async () => other.disconnect());
    // Mover A copies 3 events, then "pauses": its lock runs out and mover B does the whole move.
    await migrateToCurrentLayout(redis, namespace, {
      chunkSize: 3,
      afterChunk: async (chunk) => {
        if (chunk !== 1) return;
        await redis.del(`${tag}:migrating`);
        await migrateToCurrentLayout(other, namespace, { chunkSize: 4 });
        expect(await other.get(`${tag}:layout`)).toBe('3');
      },
    });
    const store = await open();
    expect(await store.readAll()).toEqual(recorded(rows));
    for (const stream of ['order-1', 'order-2', 'order-3', 'order-4']) {
      expect(await store.readStream(stream)).toEqual(recorded(rows).filter((e) => e.streamId === stream));
    }
    expect(await redis.get(`${tag}:head`)).toBe(`10 ${at + 9}`);
    expect(await store.append('order-9', [{ type: 'New', data: {} }], { expectedVersion: 0 })).toMatchObject({
      positions: [11],
    });
  });

  it('writes nothing more once its lock was taken by another process, and finishes after it', async () => {
    const rows = tenEvents();
    await writeLayout1(redis, namespace, rows);
    const mover = new Redis(testRedisUrl(), { connectionName: `mover-${process.pid}-${namespace.split(':').at(-1)}` });
    cleanups.push(async () => mover.disconnect());
    let paused = false;
    let resumed!: () => void;
    const afterPause = new Promise<void>((resolve) => {
      resumed = resolve;
    });
    const moving = migrateToCurrentLayout(mover, namespace, {
      chunkSize: 3,
      afterChunk: async (chunk) => {
        if (chunk !== 1 || paused) return;
        paused = true;
        // The lock runs out while the mover is paused, and someone else takes it.
        await redis.set(`${tag}:migrating`, 'someone-else', 'PX', 60_000);
        resumed();
      },
    });
    await afterPause;
    // Barrier: the mover has tried its next chunk and gone back to waiting for the lock (SET NX / GET of the layout).
    const name = `mover-${process.pid}-${namespace.split(':').at(-1)}`;
    for (;;) {
      const clients = (await redis.client('LIST')) as string;
      const line = clients.split('\n').find((l) => l.includes(` name=${name} `)) ?? '';
      if (/ cmd=(set|get) /.test(line)) break;
      await new Promise((r) => setImmediate(r));
    }
    expect(await redis.xlen(`${tag}:log:migrating`)).toBe(3);
    expect(await redis.hlen(`${tag}:eventids`)).toBe(3);
    expect(await redis.get(`${tag}:layout`)).toBeNull();
    // The other process goes away without finishing; the mover takes over and does the whole move.
    await redis.del(`${tag}:migrating`);
    await moving;
    const store = await open();
    expect(await store.readAll()).toEqual(recorded(rows));
    expect(await store.readStream('order-1')).toEqual(recorded(rows).filter((e) => e.streamId === 'order-1'));
  });

  it('is recognised by its data when the layout key is lost, and not moved twice', async () => {
    const first = await open();
    await first.append('order-1', [{ type: 'A', data: { n: 1 } }], { expectedVersion: 0 });
    await first.append('order-2', [{ type: 'B', data: { n: 2 } }], { expectedVersion: 0 });
    const before = await first.readAll();
    await redis.del(`${tag}:layout`);
    const second = await open();
    expect(await redis.get(`${tag}:layout`)).toBe('3');
    expect(await second.readAll()).toEqual(before);
    expect(await second.readStream('order-1')).toEqual(before.slice(0, 1));
    expect(await second.append('order-1', [{ type: 'C', data: 3 }], { expectedVersion: 1 })).toMatchObject({
      positions: [3],
    });
  });

  it('refuses to open a log of no known layout, and changes nothing', async () => {
    await redis.xadd(`${tag}:log`, '1-0', 'x', 'something else');
    await redis.set(`${tag}:head`, '1');
    await expect(open()).rejects.toThrow(/not of the first layout; nothing was moved/);
    expect(await redis.get(`${tag}:layout`)).toBeNull();
    expect(await redis.xrange(`${tag}:log`, '-', '+')).toEqual([['1-0', ['x', 'something else']]]);
    expect(await redis.exists(`${tag}:migrating`)).toBe(0);
  });

  it("removes the first layout's lists on the next open when a move stopped right after its switch", async () => {
    await writeLayout1(redis, namespace, tenEvents());
    await (await open()).close();
    // As if the process had stopped between the switch and the cleanup.
    await redis.rpush(`${tag}:stream:order-1`, 1, 2);
    await redis.set(`${tag}:migrated:cleanup`, '1');
    const store = await open();
    expect(await redis.exists(`${tag}:stream:order-1`, `${tag}:migrated:cleanup`)).toBe(0);
    expect(await store.readAll()).toEqual(recorded(tenEvents()));
  });

  it.each([
    ['behind the log', (ms: string) => `1 ${ms}`],
    ['ahead of the log', (ms: string) => `5 ${ms}`],
    ['a position too large for a number', (ms: string) => `99999999999999999999 ${ms}`],
    ['a time too large for a number', () => '2 99999999999999999999'],
    ['not "<position> <ms>"', () => '2 NaN'],
    ['a position alone', () => '2'],
  ])('refuses an append over a head %s, writing nothing', async (_, damaged) => {
    const store = await open();
    await store.append('order-1', [{ type: 'A', data: 1 }], { expectedVersion: 0 });
    await store.append('order-2', [{ type: 'B', data: 2 }], { expectedVersion: 0 });
    const ms = (await redis.get(`${tag}:head`))!.split(' ')[1]!;
    const head = damaged(ms);
    await redis.set(`${tag}:head`, head);
    const before = { ids: await redis.hlen(`${tag}:eventids`), list: await redis.llen(`${tag}:s:order-3`) };
    for (const events of [
      [{ type: 'C', data: 3, eventId: 'c' }],
      [
        { type: 'C', data: 3 },
        { type: 'D', data: 4 },
      ],
    ]) {
      const error = await store.append('order-3', events, { expectedVersion: 'any' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreError);
      expect((error as Error).message).toMatch(/does not match the log, which holds 2 events: nothing was written/);
    }
    expect(await redis.xlen(`${tag}:log`)).toBe(2);
    expect(await redis.hlen(`${tag}:eventids`)).toBe(before.ids);
    expect(await redis.llen(`${tag}:s:order-3`)).toBe(before.list);
    expect(await redis.get(`${tag}:head`)).toBe(head);
    expect(await store.readEvent('c')).toBeNull();
  });

  it('rebuilds a lost head from the log: the next append takes the next position, never an earlier time', async () => {
    const store = await open();
    await store.append('order-1', [{ type: 'A', data: 1 }], { expectedVersion: 0 });
    const ahead = Date.now() + 3_600_000; // the last time recorded lies ahead of the clock (a clock stepped back)
    await redis.set(`${tag}:head`, `1 ${ahead}`);
    await store.append('order-1', [{ type: 'B', data: 2 }], { expectedVersion: 1 });
    await redis.del(`${tag}:head`);
    expect(await store.headPosition()).toBe(2); // the log says so, head key or not
    expect(await store.append('order-2', [{ type: 'C', data: 3 }], { expectedVersion: 0 })).toMatchObject({
      positions: [3],
    });
    const times = (await store.readAll()).map((e) => Date.parse(e.recordedAt));
    expect(times.slice(1)).toEqual([ahead, ahead]);
    expect(await redis.get(`${tag}:head`)).toBe(`3 ${ahead}`);
  });
});

describe('a namespace written by layout 2 (whole events in one log field and in {ns}:events lists)', () => {
  const at = Date.UTC(2026, 10, 1, 12);
  const fresh = freshNamespace('layout2');
  const open = fresh.open;
  let redis: Redis;
  let namespace: string;
  let tag: string;
  beforeEach(() => {
    ({ redis, namespace, tag } = fresh.state);
  });
  const rows: Layout1Row[] = [
    ['id-1', 'order-1', 1, 'A', { n: 1 }, '1|1|2|0', at],
    ['id-2', 'order-1', 2, 'B', { n: 2 }, '2|1|2|0', at],
    ['id-3', 'order-2', 1, 'C', { note: 'ünï|code' }, '3|3|1|no_stream', at + 2],
    ['id-4', 'order-1', 3, 'D', [1, 'x'], '4|4|1|2', at + 3],
  ];

  it('is moved to layout 3 on open, once, with every event, time, retry and stream kept', async () => {
    await writeLayout2(redis, namespace, rows);
    const [a, b] = await Promise.all([open(), open()]);
    const expected = recorded(rows);
    expect(await a.readAll()).toEqual(expected);
    expect(await b.readStream('order-1')).toEqual([expected[0], expected[1], expected[3]]);
    expect(await b.readStream('order-1', { direction: 'backward', limit: 2 })).toEqual([expected[3], expected[1]]);
    expect(await a.readEvent('id-3')).toEqual(expected[2]);
    expect(await a.streamVersion('order-1')).toBe(3);
    expect(await a.listStreams()).toEqual(['order-1', 'order-2']);
    // Retries of appends made before the move are answered as the first time; other uses of their ids are refused.
    await expectFirstAppendAnsweredAsRetry(a);
    expect(
      await a.append('order-2', [{ type: 'C', data: { note: 'ünï|code' }, eventId: 'id-3' }], {
        expectedVersion: 'no_stream',
      }),
    ).toEqual({ streamId: 'order-2', version: 1, positions: [3], retried: true });
    await expect(
      a.append('order-2', [{ type: 'X', data: 1, eventId: 'id-4' }], { expectedVersion: 1 }),
    ).rejects.toThrow(/already stored/);
    // New appends continue the log, never before the last recorded time.
    const next = await a.append('order-2', [{ type: 'E', data: 5 }], { expectedVersion: 1 });
    expect(next).toMatchObject({ version: 2, positions: [5] });
    expect(Date.parse((await a.readAll({ fromPosition: 5 }))[0]!.recordedAt)).toBeGreaterThanOrEqual(at + 3);
    // Layout 2's lists are gone; its id index is layout 3's.
    expect(await redis.get(`${tag}:layout`)).toBe('3');
    expect(
      await redis.exists(
        `${tag}:events:order-1`,
        `${tag}:events:order-2`,
        `${tag}:log:migrating`,
        `${tag}:migrated:cleanup`,
      ),
    ).toBe(0);
    expect(await redis.hlen(`${tag}:eventids`)).toBe(5);
  });

  it('is recognised by its data when the layout key is lost, and moved', async () => {
    await writeLayout2(redis, namespace, rows);
    await redis.del(`${tag}:layout`);
    const store = await open();
    expect(await redis.get(`${tag}:layout`)).toBe('3');
    expect(await store.readAll()).toEqual(recorded(rows));
    expect(await store.readStream('order-2')).toEqual([recorded(rows)[2]]);
  });

  it('is left whole when a mover stops half-way, and moved by the next open', async () => {
    await writeLayout2(redis, namespace, rows);
    const mover = new Redis(testRedisUrl());
    cleanups.push(async () => mover.disconnect());
    // The mover copies two events, then stops for good (its lock is released as if it had run out).
    await expect(
      migrateToCurrentLayout(mover, namespace, {
        chunkSize: 2,
        afterChunk: async () => {
          throw new Error('stopped');
        },
      }),
    ).rejects.toThrow('stopped');
    // Nothing of layout 2 was touched: its lists and log are as written, the layout key still says 2.
    expect(await redis.get(`${tag}:layout`)).toBe('2');
    expect(await redis.llen(`${tag}:events:order-1`)).toBe(3);
    expect((await redis.xrange(`${tag}:log`, '-', '+'))[0]![1][0]).toBe('r');
    const store = await open();
    expect(await store.readAll()).toEqual(recorded(rows));
    expect(await store.readStream('order-1')).toEqual(recorded(rows).filter((e) => e.streamId === 'order-1'));
    expect(await redis.exists(`${tag}:log:migrating`)).toBe(0);
  });
  it('takes the head from the log when it was lost, so that appends go on after the move', async () => {
    await writeLayout2(redis, namespace, rows);
    await redis.del(`${tag}:head`);
    const store = await open();
    expect(await redis.get(`${tag}:head`)).toBe(`4 ${at + 3}`);
    expect(await store.append('order-9', [{ type: 'N', data: 0 }], { expectedVersion: 0 })).toMatchObject({
      positions: [5],
    });
  });

  it('copies large events a few at a time: reads and copies are sized by bytes', async () => {
    const many: Layout1Row[] = Array.from({ length: 30 }, (_, i) => [
      `big-${i + 1}`,
      `order-${(i % 4) + 1}`,
      Math.floor(i / 4) + 1,
      'Big',
      { i, note: 'x'.repeat(100) },
      `${i + 1}|${i + 1}|1|any`,
      at + i,
    ]);
    await writeLayout2(redis, namespace, many);
    let chunks = 0;
    // Every event is larger than the budget: after a first read of 10, each read and each copy takes one event.
    await migrateToCurrentLayout(redis, namespace, {
      chunkBytes: 10,
      afterChunk: async () => {
        chunks++;
      },
    });
    expect(chunks).toBe(1 + 20);
    const store = await open();
    expect(await store.readAll()).toEqual(recorded(many));
    expect(await store.readStream('order-2')).toEqual(recorded(many).filter((e) => e.streamId === 'order-2'));
  });

  it('keeps its lock through a scan of the keyspace that outlasts the lock, and finishes', async () => {
    await writeLayout2(redis, namespace, rows);
    // Enough keys for several scan pages (1,000 keys a page), each page slowed down; all of them together outlast
    // the lock, which only the renewal on every page keeps.
    for (let i = 0; i < 4000; i += 500) {
      await redis.mset(...Array.from({ length: 500 }, (_, j) => [`${tag}:filler:${i + j}`, '1']).flat());
    }
    let pages = 0;
    const tokens = new Set<string>();
    await migrateToCurrentLayout(redis, namespace, {
      lockMs: 400,
      afterScanPage: async () => {
        pages++;
        tokens.add((await redis.get(`${tag}:migrating`)) ?? '');
        await new Promise((r) => setTimeout(r, 150));
      },
    });
    expect(pages * 150).toBeGreaterThan(400);
    expect(tokens.size).toBe(1); // one mover all along: it never lost its lock and started over
    expect(await redis.get(`${tag}:layout`)).toBe('3');
    const store = await open();
    expect(await store.readAll()).toEqual(recorded(rows));
  });
});
