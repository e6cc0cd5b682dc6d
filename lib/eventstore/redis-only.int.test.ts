// What only the Redis adapter has to show: acknowledged events survive a crash of Redis itself (with AOF and
// appendfsync always), subscriptions resume after a dropped connection, and the persistence check tells the truth.

import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer } from '../testing/redis-server';
import { openRedisStore } from './redis';
import { deleteNamespace, openRedisStoreForTest, testRedisUrl } from './testing';
import type { AppendResult, RecordedEvent } from './types';

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
    let notify = () => {};
    const sub = store.subscribeToAll({}, (batch) => {
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
  });

  it('reports a Redis without persistence as not durable', async () => {
    const server = await startRedisServer({ args: ['--appendonly', 'no'] });
    cleanups.push(server.stop);
    const store = await openRedisStore({ redisUrl: server.url, namespace: 'p' });
    cleanups.push(() => store.close());
    expect((await store.persistence()).durable).toBe(false);
  });

  it('fails fast with a clear message when nothing answers', async () => {
    await expect(
      openRedisStore({ redisUrl: 'redis://127.0.0.1:1', namespace: 'nowhere', connectTimeoutMs: 500 }),
    ).rejects.toThrow(/Redis did not answer at redis:\/\/127\.0\.0\.1:1/);
  });
});

describe('a namespace written by the first Redis layout', () => {
  it('is moved to the current layout on open, once, with every event, retry and stream kept', async () => {
    const namespace = `test:layout1:${Date.now()}:${process.pid}`;
    const redis = new Redis(testRedisUrl());
    cleanups.push(async () => {
      await deleteNamespace(redis, namespace);
      redis.disconnect();
    });
    // What the first layout's append script wrote: log fields e s v t r d m, lists of positions, ids with batches.
    const tag = `{${namespace}}`;
    const at = Date.UTC(2026, 5, 1, 12);
    const legacy: [string, string, number, string, unknown, string][] = [
      ['id-1', 'order-1', 1, 'A', { n: 1 }, '1|1|2|0'],
      ['id-2', 'order-1', 2, 'B', { n: 2 }, '2|1|2|0'],
      ['id-3', 'order-2', 1, 'C', { note: 'ünï|code' }, '3|3|1|no_stream'],
    ];
    for (const [i, [eventId, streamId, version, type, data, known]] of legacy.entries()) {
      const position = i + 1;
      await redis.xadd(
        `${tag}:log`,
        `${position}-0`,
        'e',
        eventId,
        's',
        streamId,
        'v',
        version,
        't',
        type,
        'r',
        at + i,
        'd',
        JSON.stringify(data),
        'm',
        JSON.stringify({ actor: 'ann' }),
      );
      await redis.hset(`${tag}:ids`, eventId, known);
      await redis.rpush(`${tag}:stream:${streamId}`, position);
      await redis.zadd(`${tag}:streams`, 0, streamId);
    }
    await redis.set(`${tag}:head`, 3);

    // Two processes open it at once: one moves it, the other waits for the move.
    const [a, b] = await Promise.all([
      openRedisStore({ redisUrl: testRedisUrl(), namespace }),
      openRedisStore({ redisUrl: testRedisUrl(), namespace }),
    ]);
    cleanups.push(
      () => a.close(),
      () => b.close(),
    );
    const expected = legacy.map(([eventId, streamId, version, type, data], i) => ({
      eventId,
      streamId,
      version,
      type,
      data,
      metadata: { actor: 'ann' },
      position: i + 1,
      recordedAt: new Date(at + i).toISOString(),
    }));
    expect(await a.readAll()).toEqual(expected);
    expect(await b.readStream('order-1')).toEqual(expected.slice(0, 2));
    expect(await b.readStream('order-1', { direction: 'backward', limit: 1 })).toEqual([expected[1]]);
    expect(await a.readEvent('id-3')).toEqual(expected[2]);
    expect(await a.listStreams()).toEqual(['order-1', 'order-2']);
    // A retry of an append made before the move is still recognised; another use of its ids is still refused.
    const retry = await a.append(
      'order-1',
      [
        { type: 'A', data: { n: 1 }, eventId: 'id-1' },
        { type: 'B', data: { n: 2 }, eventId: 'id-2' },
      ],
      { expectedVersion: 0 },
    );
    expect(retry).toEqual({ streamId: 'order-1', version: 2, positions: [1, 2] });
    await expect(
      a.append('order-2', [{ type: 'X', data: 1, eventId: 'id-2' }], { expectedVersion: 1 }),
    ).rejects.toThrow(/already stored/);
    expect(await a.append('order-1', [{ type: 'D', data: 4 }], { expectedVersion: 2 })).toMatchObject({
      version: 3,
      positions: [4],
    });
    expect(Date.parse((await a.readAll({ fromPosition: 4 }))[0]!.recordedAt)).toBeGreaterThanOrEqual(at + 2);
    // Nothing of the first layout is left.
    expect(await redis.get(`${tag}:layout`)).toBe('2');
    expect(
      await redis.exists(`${tag}:ids`, `${tag}:stream:order-1`, `${tag}:stream:order-2`, `${tag}:log:migrating`),
    ).toBe(0);
  });
});
