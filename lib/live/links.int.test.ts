// Live pages that survive any dropped link, and sockets that live only as long as their session, across nodes.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKeys } from '../accounts/redis-store';
import { deleteNamespace, testRedisUrl } from '../eventstore/testing';
import { type AppServer, Client, startAppServer } from '../testing/app-server';
import { type RedisServer, startRedisServer } from '../testing/redis-server';
import type { ClientToServer, ServerToClient } from './events';

type ClientSocket = Socket<ServerToClient, ClientToServer>;
const sockets: ClientSocket[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const c of cleanups.reverse()) await c();
});

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function connect(url: string, cookie: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, { transports: ['websocket'], extraHeaders: { cookie } });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * What an order page does, without a browser: it shows the version the read model answered, refetches when an
 * announcement names a newer one, and after a reconnect or a resync. `shown` is the version on screen.
 */
async function watchOrder(url: string, client: Client, orderId: string) {
  const socket = await connect(url, client.cookie!);
  const page = { shown: 0 };
  const refetch = async () => {
    const r = await client.call('GET', `/api/orders/${orderId}`);
    if (r.status === 200) page.shown = Math.max(page.shown, (r.json.summary as { version: number }).version);
  };
  let wanted = 0;
  socket.on('order:updated', (u) => {
    if (u.orderId === orderId && u.version > page.shown) {
      wanted = Math.max(wanted, u.version);
      void refetch();
    }
  });
  socket.on('resync', () => void refetch());
  socket.on('connect', () => void refetch());
  await new Promise((resolve) => socket.emit('subscribe', { orderId }, resolve));
  await refetch();
  return { page, socket, wantedVersion: () => wanted };
}

/** Kills the connections of `redis` whose name starts with `prefix` (a node's links of one kind). */
async function dropLinks(redis: Redis, prefix: string): Promise<number> {
  const list = (await redis.client('LIST')) as string;
  const ids = list
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((kv) => kv.split('='))))
    .filter((c) => typeof c.name === 'string' && c.name.startsWith(prefix))
    .map((c) => c.id as string);
  for (const id of ids) await redis.client('KILL', 'ID', id);
  return ids.length;
}

describe('live pages when a Redis link of a node drops right before a command (a Redis of its own)', () => {
  let redis: RedisServer;
  let admin: Redis;
  let inProcess: AppServer;
  let standalone: AppServer;
  const namespace = `links-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    admin = new Redis(redis.url);
    cleanups.push(async () => admin.disconnect());
    inProcess = await startAppServer({ REDIS_URL: redis.url }, { namespace });
    cleanups.push(() => inProcess.stop());
    // A web server whose projector runs in a process of its own, announcing through the emitter.
    standalone = await startAppServer(
      { REDIS_URL: redis.url, PROJECTOR: 'off' },
      { namespace: `${namespace}-b`, until: 'listening' },
    );
    cleanups.push(() => standalone.stop());
    standalone.spawnWithSameConfig('scripts/projector.ts');
    await until(async () => (await fetch(`${standalone.url}/api/health`)).ok, 'the standalone projector', 30_000);
  }, 120_000);

  const cases: [string, () => AppServer, string][] = [
    ['the socket.io adapter (web server)', () => inProcess, 'orderly-live:'],
    ["the projector's subscription to the log", () => inProcess, 'orderly-sub:'],
    ['the emitter (standalone projector)', () => standalone, 'orderly-emitter:'],
    ["the standalone projector's subscription", () => standalone, 'orderly-sub:'],
    ['the socket.io adapter, in front of a standalone projector', () => standalone, 'orderly-live:'],
  ];
  it.each(cases)('%s: the watching page shows the new version within 3 s', async (_, node, prefix) => {
    const app = node();
    const shopper = await new Client(app.url).signUpAndIn(`s-${randomUUID().slice(0, 6)}`);
    const created = await shopper.call('POST', '/api/orders?consistency=strong', {
      items: [{ productId: 'mug', quantity: 1 }],
    });
    const orderId = (created.json as unknown as { id: string }).id;
    const watcher = await watchOrder(app.url, shopper, orderId);
    await until(() => watcher.page.shown === 1, 'the page shows version 1', 30_000);

    expect(await dropLinks(admin, `${prefix}${app.namespace}@`)).toBeGreaterThan(0);
    const r = await shopper.call('POST', `/api/orders/${orderId}/items`, { productId: 'kettle', quantity: 1 });
    expect(r.status).toBe(200);
    await until(() => watcher.page.shown === 2, `the page shows version 2 after dropping ${prefix}`, 30_000);
  });

  /** A signed-in socket on `app`, its session's key, and what it saw when it was disconnected. */
  async function liveSession(app: AppServer) {
    const shopper = await new Client(app.url).signUpAndIn(`e-${randomUUID().slice(0, 6)}`);
    const socket = await connect(app.url, shopper.cookie!);
    const reasons: string[] = [];
    socket.on('disconnect', (reason) => reasons.push(reason));
    const sessionId = decodeURIComponent(shopper.cookie!.split('=')[1]!).split('.')[0]!;
    return { socket, reasons, sessionKey: accountKeys(app.namespace).session(sessionId) };
  }

  it('a sign-out this node never heard (its adapter link was down) still ends the socket once the link is back', async () => {
    const { reasons, sessionKey } = await liveSession(inProcess);
    expect(await dropLinks(admin, `orderly-live:${inProcess.namespace}@`)).toBeGreaterThan(0);
    expect(await admin.del(sessionKey)).toBe(1); // ended elsewhere; its broadcast is not heard here
    await until(() => reasons.length === 1, 'the socket is disconnected after the link reconnects', 10_000);
    expect(reasons).toEqual(['io server disconnect']);
  });

  it('a sign-out while the node was paused (SIGSTOP, longer than 5 s) ends the socket when it resumes', async () => {
    const { reasons, sessionKey } = await liveSession(inProcess);
    process.kill(inProcess.pid, 'SIGSTOP');
    try {
      expect(await admin.del(sessionKey)).toBe(1);
      await new Promise((r) => setTimeout(r, 6000)); // the pause itself: longer than a timer may be late
    } finally {
      process.kill(inProcess.pid, 'SIGCONT');
    }
    await until(() => reasons.length > 0, 'the socket is disconnected after the pause', 10_000);
    expect(reasons[0]).toBe('io server disconnect');
  }, 30_000);
});

describe('a socket lives only as long as its session, on every node', () => {
  const namespace = `sessions-${randomUUID().slice(0, 8)}`;
  let a: AppServer;
  let b: AppServer;
  beforeAll(async () => {
    a = await startAppServer({ SESSION_TTL_S: '3' }, { namespace });
    b = await startAppServer({ SESSION_TTL_S: '3' }, { namespace });
    cleanups.push(async () => {
      await a.stop();
      await b.stop();
      const redis = new Redis(testRedisUrl());
      await deleteNamespace(redis, namespace);
      redis.disconnect();
    });
  }, 120_000);

  const disconnected = (s: ClientSocket) => {
    const seen: { at: number; reason: string }[] = [];
    s.on('disconnect', (reason) => seen.push({ at: Date.now(), reason }));
    return seen;
  };

  it('signing out on one node disconnects the session’s sockets on every node; another session stays', async () => {
    const name = `o-${randomUUID().slice(0, 6)}`;
    const one = await new Client(a.url).signUpAndIn(name);
    const other = new Client(b.url);
    expect(
      (await other.call('POST', '/api/session', { username: name, password: 'correct horse battery' })).status,
    ).toBe(204);
    const [onA, onB, otherOnA] = await Promise.all([
      connect(a.url, one.cookie!),
      connect(b.url, one.cookie!),
      connect(a.url, other.cookie!),
    ]);
    const seenA = disconnected(onA);
    const seenB = disconnected(onB);
    const seenOther = disconnected(otherOnA);
    expect((await new Client(b.url).call('DELETE', '/api/session', undefined, { cookie: one.cookie! })).status).toBe(
      204,
    );
    await until(() => seenA.length === 1 && seenB.length === 1, 'both sockets of the session disconnected', 30_000);
    expect([seenA[0]!.reason, seenB[0]!.reason]).toEqual(['io server disconnect', 'io server disconnect']);
    // Barrier: the other session's socket still hears its own user's new order.
    const heard: string[] = [];
    otherOnA.on('order:updated', (u) => heard.push(u.orderId));
    const created = await other.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] });
    const id = (created.json as unknown as { id: string }).id;
    await until(() => heard.includes(id), "the other session's socket hears its update", 30_000);
    expect(seenOther).toEqual([]);
    // An ended session cannot open a socket again.
    await expect(connect(a.url, one.cookie!)).rejects.toThrow(/unauthorized/);
  });

  it('a session that expires disconnects its sockets on every node, not before its expiry', async () => {
    const name = `x-${randomUUID().slice(0, 6)}`;
    await new Client(a.url).call('POST', '/api/users', { username: name, password: 'correct horse battery' });
    const c = new Client(a.url);
    const signIn = await c.call('POST', '/api/session', { username: name, password: 'correct horse battery' });
    const expiresAt = Date.parse(/Expires=([^;]+)/.exec(signIn.setCookie!)![1]!);
    const sockets = await Promise.all([connect(a.url, c.cookie!), connect(b.url, c.cookie!)]);
    const seen = sockets.map(disconnected);
    await until(() => seen.every((s) => s.length === 1), 'both sockets disconnected at expiry', 30_000);
    for (const s of seen) {
      expect(s[0]!.reason).toBe('io server disconnect');
      // The cookie's expiry has a one-second grain: the session may end up to 1 s before it says. (How soon after
      // it the sockets go depends on the machine's load: not asserted.)
      expect(s[0]!.at).toBeGreaterThan(expiresAt - 1000);
    }
    expect((await c.call('GET', '/api/orders')).status).toBe(401);
  });
});
