// Failing fast and healing, against the real server: with its Redis gone, requests answer 503 with a message at
// once and health says what is down; when Redis is back, everything works again by itself. A read-model file
// damaged while the app was down is moved aside at start and rebuilt from the log.
import { randomUUID } from 'node:crypto';
import { openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServer, ServerToClient } from '../live/events';
import { type AppServer, Client, startAppServer } from '../testing/app-server';
import { type RedisServer, startRedisServer } from '../testing/redis-server';

let redis: RedisServer;
let app: AppServer;
let shopper: Client;
const PERSIST = ['--appendonly', 'yes', '--appendfsync', 'always'];
beforeAll(async () => {
  redis = await startRedisServer({ args: PERSIST });
  app = await startAppServer({ REDIS_URL: redis.url });
  shopper = await new Client(app.url).signUpAndIn(`down-${randomUUID().slice(0, 6)}`);
}, 120_000);
const givenDirs: string[] = [];
afterAll(async () => {
  await app?.stop();
  await redis?.stop();
  for (const d of givenDirs) rmSync(d, { recursive: true, force: true });
});

const order = () =>
  shopper.call('POST', '/api/orders?consistency=strong', { items: [{ productId: 'mug', quantity: 1 }] });

type Heard = { statuses: boolean[]; resyncs: number; socket: Socket<ServerToClient, ClientToServer> };
/** A live socket of the shopper's, and what it hears of the store's status. */
function listen(): Promise<Heard> {
  const socket: Socket<ServerToClient, ClientToServer> = io(app.url, {
    transports: ['websocket'],
    extraHeaders: { cookie: shopper.cookie! },
    reconnection: false,
  });
  const heard: Heard = { statuses: [], resyncs: 0, socket };
  socket.on('store:status', ({ reachable }) => heard.statuses.push(reachable));
  socket.on('resync', () => heard.resyncs++);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(heard));
    socket.once('connect_error', reject);
  });
}

/**
 * Posts the pages' refresh (the server action refreshView, by its id in the build's manifest) as the browser does,
 * from the shopper's order page: `rendered` when the answer re-renders the page (Next's "revalidated" header).
 */
async function refreshPage(orderId: string): Promise<{ status: number; rendered: boolean; body: string }> {
  const manifest = JSON.parse(
    readFileSync(join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { exportedName: string; filename: string }> };
  const actionId = Object.entries(manifest.node).find(
    ([, a]) => a.exportedName === 'refreshView' && a.filename === 'app/_live/refresh-action.ts',
  )?.[0];
  expect(actionId).toBeDefined();
  const response = await fetch(`${app.url}/orders/${orderId}`, {
    method: 'POST',
    headers: {
      'next-action': actionId!,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: app.url,
      cookie: shopper.cookie!,
    },
    body: '[]',
  });
  const body = await response.text();
  return { status: response.status, rendered: response.headers.has('x-action-revalidated'), body };
}

/** Waits until `ok()` holds (the test's own timeout ends a wait that never does). */
async function until(ok: () => Promise<boolean>): Promise<void> {
  while (!(await ok())) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('with Redis gone', () => {
  it('answers 503 with a message (not 500), health says what is down, and all heals when Redis is back', async () => {
    const before = await order();
    expect(before.status).toBe(201);
    const { id } = before.json as unknown as { id: string };
    // A live page's refresh re-renders it while the store answers...
    const refreshed = await refreshPage(id);
    expect(refreshed).toMatchObject({ status: 200, rendered: true });
    expect(refreshed.body).toContain(id.slice(0, 8));
    const early = await listen();
    await redis.kill(); // SIGKILL: the connection drops at once

    const timings: Record<string, number> = {};
    const timed = async <R extends { status: number }>(name: string, run: () => Promise<R>): Promise<R> => {
      const t = performance.now();
      const r = await run();
      timings[name] = Math.round(performance.now() - t);
      return r;
    };
    // Redis stays down through all of these: none of them can have waited for it to come back.
    const command = await timed('command', order);
    expect(command.status).toBe(503);
    expect(command.json.error).toMatch(/cannot be reached right now/);
    expect(Number(command.headers.get('retry-after'))).toBeGreaterThan(0);
    const read = await timed('read', () => shopper.call('GET', `/api/orders/${id}`));
    expect(read.status).toBe(503);
    const signIn = await timed('sign-in', () =>
      new Client(app.url).call('POST', '/api/session', { username: 'someone', password: 'correct horse battery' }),
    );
    expect(signIn.status).toBe(503);
    const health = await timed('health', () => shopper.call('GET', '/api/health'));
    expect(health).toMatchObject({
      status: 503,
      json: { status: 'unavailable', down: [{ what: 'store of record (redis)' }] },
    });
    const page = await timed('page', () => fetch(`${app.url}/orders`, { headers: { cookie: shopper.cookie! } }));
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/unavailable for a moment/);
    console.log('answered while Redis was down, ms:', timings);
    // /api/ping says 503 once the node knows its store is out of reach (its own flag, no store read).
    await until(async () => (await fetch(`${app.url}/api/ping`, { method: 'HEAD' })).status === 503);
    // ...and, by the same flag, renders nothing (not an error page) while it is out of reach: the action says false.
    const skipped = await refreshPage(id);
    expect(skipped).toMatchObject({ status: 200, rendered: false });
    expect(skipped.body).toMatch(/^1:false$/m);
    // A page connected to this node hears that its store is out of reach, so it does not say "live". (A socket cannot
    // connect meanwhile: its session is checked in the store.)
    await until(async () => early.statuses.includes(false));

    // Redis returns (same port, same AOF): the app reconnects by itself.
    redis = await startRedisServer({ args: PERSIST, dir: redis.dir, port: redis.port });
    for (;;) {
      const h = await shopper.call('GET', '/api/health');
      if (h.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await until(async () => (await fetch(`${app.url}/api/ping`, { method: 'HEAD' })).status === 204);
    // And that it answers again, with a resync: what the pages show may have missed news meanwhile.
    await until(async () => early.statuses.at(-1) === true && early.resyncs > 0);
    expect(early.statuses).toEqual([false, true]);
    early.socket.disconnect();
    const after = await order(); // strong: the projector is following the log again
    expect(after.status).toBe(201);
    expect((await shopper.call('GET', `/api/orders/${id}`)).status).toBe(200);
  });

  it('answers 503 when Redis hangs (no answer within the command timeout), and goes on when it answers again', async () => {
    redis.process.kill('SIGSTOP');
    try {
      const t = performance.now();
      const read = await shopper.call('GET', '/api/orders');
      const health = await shopper.call('GET', '/api/health');
      console.log('answered while Redis hung, ms:', Math.round(performance.now() - t), 'for two requests');
      expect(read.status).toBe(503);
      expect(health).toMatchObject({
        status: 503,
        json: { down: [{ reason: expect.stringMatching(/does not answer/) }] },
      });
    } finally {
      redis.process.kill('SIGCONT');
    }
    for (;;) {
      const h = await shopper.call('GET', '/api/health');
      if (h.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await order()).status).toBe(201);
  });
});

describe('a damaged read model', () => {
  it('is moved aside at start and rebuilt from the log: every order is there again', async () => {
    const c = await new Client(app.url).signUpAndIn(`heal-${randomUUID().slice(0, 6)}`);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await c.call('POST', '/api/orders?consistency=strong', {
        items: [{ productId: 'mug', quantity: i + 1 }],
      });
      ids.push((r.json as unknown as { id: string }).id);
    }
    const { namespace, dataDir, port, env } = app;
    await app.halt('SIGTERM');
    // Damage the B-tree page of the orders table, in the middle of the file.
    const file = join(dataDir, 'app.sqlite');
    const probe = new Database(file);
    const { rootpage } = probe.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'order_summaries'").get() as {
      rootpage: number;
    };
    probe.close();
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (rootpage - 1) * 4096);

    givenDirs.push(dataDir); // the new server was given it, so it leaves it: removed after the tests
    app = await startAppServer({ REDIS_URL: env.REDIS_URL! }, { namespace, dataDir, port });
    expect(readdirSync(dataDir).some((f) => f.startsWith('app.sqlite.corrupt-'))).toBe(true);
    const allThere = async () => {
      for (const id of ids) {
        let r = await c.call('GET', `/api/orders/${id}`);
        while (r.status !== 200) {
          await new Promise((resolve) => setTimeout(resolve, 100)); // catching up from the log
          r = await c.call('GET', `/api/orders/${id}`);
        }
        expect(r.status).toBe(200);
      }
    };
    await allThere();

    // Its header damaged ("file is not a database"): the same, before anything else opens it.
    await app.halt('SIGTERM');
    const header = openSync(file, 'r+');
    writeSync(header, Buffer.from('GARBAGE'.repeat(10)), 0, 70, 0);
    app = await startAppServer({ REDIS_URL: env.REDIS_URL! }, { namespace, dataDir, port });
    const movedAside = readdirSync(dataDir).filter(
      (f) => f.startsWith('app.sqlite.corrupt-') && !/-(wal|shm)$/.test(f),
    );
    expect(movedAside).toHaveLength(2);
    await allThere();
  });
});
