// Live push over socket.io against the real app server: who may connect, who may join which room, who hears what.

import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, Client, startAppServer } from '../testing/app-server';
import { freePort } from '../testing/redis-server';
import type { ClientToServer, OrderUpdated, ServerToClient, SubscribeAck } from './events';

type ClientSocket = Socket<ServerToClient, ClientToServer>;
const sockets: ClientSocket[] = [];
const servers: AppServer[] = [];

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(servers.map((s) => s.stop()));
});

function connect(app: AppServer, cookie?: string): Promise<{ socket: ClientSocket; updates: OrderUpdated[] }> {
  const socket: ClientSocket = io(app.url, {
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
  });
  sockets.push(socket);
  const updates: OrderUpdated[] = [];
  socket.on('order:updated', (u) => updates.push(u));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve({ socket, updates }));
    socket.once('connect_error', reject);
  });
}

const subscribe = (socket: ClientSocket, orderId: string) =>
  new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { orderId }, resolve));

async function until(check: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function createOrder(c: Client) {
  const r = await c.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] });
  return (r.json as unknown as { id: string }).id;
}

describe('live updates (projector inside the web server)', () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
    servers.push(app);
  }, 90_000);

  it('refuse a socket without a valid session', async () => {
    await expect(connect(app)).rejects.toThrow(/unauthorized/);
    await expect(connect(app, 'orderly_session=forged.value')).rejects.toThrow(/unauthorized/);
  });

  it('reach the owner (customer room and order room) and nobody else', async () => {
    const a = await new Client(app.url).signUpAndIn('live-a');
    const b = await new Client(app.url).signUpAndIn('live-b');
    const sa = await connect(app, a.cookie);
    const sb = await connect(app, b.cookie);
    const orderId = await createOrder(a);
    await until(() => sa.updates.some((u) => u.orderId === orderId), 'the creation to reach its owner');

    expect(await subscribe(sb.socket, orderId)).toEqual({ ok: false, error: 'order not found' });
    expect(await subscribe(sb.socket, 'not-a-uuid')).toMatchObject({ ok: false });
    expect(await subscribe(sa.socket, orderId)).toEqual({ ok: true });

    const r = await a.call('POST', `/api/orders/${orderId}/items`, { productId: 'kettle', quantity: 1 });
    expect(r.status).toBe(200);
    await until(() => sa.updates.some((u) => u.orderId === orderId && u.version === 2), 'order:updated version 2');
    expect(sa.updates.filter((u) => u.orderId === orderId && u.version === 2)).toEqual([
      { orderId, version: 2, status: 'draft', customerSeq: 2, position: expect.any(Number) },
    ]);
    // B's own order, made after A's change, reaches B: once it has, anything of A's would have too.
    const bOrder = await createOrder(b);
    await until(() => sb.updates.some((u) => u.orderId === bOrder), "B's own update");
    expect(sb.updates.filter((u) => u.orderId === orderId)).toEqual([]);
  });
});

describe('live updates (projector in its own process, over Redis pub/sub)', () => {
  let app: AppServer;
  const token = `metrics-${randomUUID()}`;
  let metricsUrl = '';
  let metricsPort = 0;
  let projector: ChildProcess;
  beforeAll(async () => {
    // Its read model catches up only once the projector below runs: do not wait for it to be ready.
    app = await startAppServer({ PROJECTOR: 'off', PROCESSES: 'off' }, { until: 'listening' });
    servers.push(app);
    metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    projector = app.spawnWithSameConfig('scripts/projector.ts', {
      PROJECTOR_METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: token,
    });
  }, 90_000);
  const exitOf = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });

  it('reach the sockets of the web server', async () => {
    const a = await new Client(app.url).signUpAndIn('remote-a');
    const sa = await connect(app, a.cookie);
    const orderId = await createOrder(a);
    await until(
      () => sa.updates.some((u) => u.orderId === orderId && u.version === 1),
      "the standalone projector's push",
      20_000,
    );
    const health = (await a.call('GET', '/api/health')).json as unknown as {
      projector: { inThisProcess: boolean; lease: { owner: string } };
    };
    expect(health.projector.inThisProcess).toBe(false);
    expect(health.projector.lease.owner).toBeTruthy();
    const strong = await a.call('POST', `/api/orders/${orderId}/submit?consistency=strong`);
    expect(strong).toMatchObject({ status: 200, json: { version: 2 } });
    expect(((await a.call('GET', `/api/orders/${orderId}`)).json.summary as { status: string }).status).toBe(
      'submitted',
    );
  });

  it('the projector answers GET /metrics on a port of its own, for the metrics token only', async () => {
    // The test above had the projector apply batches: its own /metrics counts them.
    const read = async (headers: Record<string, string>) => {
      const r = await fetch(metricsUrl, { headers }).catch(() => null);
      return { status: r?.status ?? 0, body: r ? await r.text() : '' };
    };
    let scraped = { status: 0, body: '' };
    const deadline = Date.now() + 20_000;
    while (!/^orderly_projector_batch_events_count(\{[^}]*\})? [1-9]/m.test(scraped.body)) {
      if (Date.now() > deadline) throw new Error(`no projector batches in its metrics: ${scraped.status}`);
      await new Promise((r) => setTimeout(r, 50));
      scraped = await read({ authorization: `Bearer ${token}` });
    }
    expect(scraped.status).toBe(200);
    expect(scraped.body).toMatch(/^orderly_projection_behind_events\{[^}]*projection="orders"[^}]*\} \d+$/m);
    expect(scraped.body).not.toContain('orderly_sockets_connected'); // it has no browsers
    expect((await read({})).status).toBe(404);
    expect((await read({ authorization: `Bearer ${token.replace(/.$/, '_')}` })).status).toBe(404);
    const other = await fetch(metricsUrl.replace('/metrics', '/health'), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(404);
  });

  it('a second projector whose metrics port is taken ends with an error, before it takes the lease', async () => {
    const second = app.spawnWithSameConfig('scripts/projector.ts', {
      PROJECTOR_METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: token,
    });
    expect(await exitOf(second)).toBe(1);
  }, 60_000);

  it('stops on SIGTERM while a client holds a half-sent request on its metrics port', async () => {
    // Once it listens (the tests above waited for it; alone, this one waits here).
    while (
      (await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } }).catch(() => null))?.status !== 200
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const socket = tcpConnect(metricsPort, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n'); // the headers never end
    const exited = exitOf(projector);
    projector.kill('SIGTERM');
    expect(await exited).toBe(0); // the test's timeout is the barrier: before, it waited for the client to go
    socket.destroy();
  }, 60_000);
});
