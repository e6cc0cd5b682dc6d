// Two web nodes over one store of record (two server processes, their own DATA_DIRs, one Redis namespace): one app.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_MODEL_TABLES } from '../read/testing';
import { type AppServer, Client, startAppServer } from '../testing/app-server';

const namespace = `two-nodes-${randomUUID().slice(0, 8)}`;
let a: AppServer;
let b: AppServer;
const servers: AppServer[] = [];
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  a = await startAppServer({}, { namespace });
  servers.push(a);
  b = await startAppServer({}, { namespace });
  servers.push(b);
}, 120_000);
afterAll(async () => {
  for (const s of servers.reverse()) await s.stop();
  // The namespace is shared: the last server's cleanup does not know it owns it.
  const { Redis } = await import('ioredis');
  const { deleteNamespace, testRedisUrl } = await import('../eventstore/testing');
  const redis = new Redis(testRedisUrl());
  await deleteNamespace(redis, namespace);
  redis.disconnect();
});

const on = (server: AppServer, cookie?: string) => {
  const c = new Client(server.url);
  c.cookie = cookie;
  return c;
};
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 6)}`;

/** Waits until both nodes' read models stand at the head of the log. */
async function bothCaughtUp() {
  const head = async (s: AppServer) =>
    (await (await fetch(`${s.url}/api/health`)).json()) as {
      head: number;
      projector: { projections: { checkpoint: number }[] };
    };
  for (let i = 0; i < 500; i++) {
    const [ha, hb] = await Promise.all([head(a), head(b)]);
    const all = [...ha.projector.projections, ...hb.projector.projections];
    if (ha.head === hb.head && all.every((p) => p.checkpoint === ha.head)) return ha.head;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the nodes did not catch up');
}

describe('two nodes over one store of record', () => {
  it('share users and sessions: sign up on A, sign in on B, A’s cookie works on B, signing out on B ends it on A', async () => {
    const name = uniq('ann');
    expect((await on(a).call('POST', '/api/users', { username: name, password: PASSWORD })).status).toBe(201);
    const onB = on(b);
    expect((await onB.call('POST', '/api/session', { username: name, password: PASSWORD })).status).toBe(204);
    const fromA = on(a);
    expect((await fromA.call('POST', '/api/session', { username: name, password: PASSWORD })).status).toBe(204);
    expect((await on(b, fromA.cookie).call('GET', '/api/orders')).status).toBe(200);
    expect((await on(b, fromA.cookie).call('DELETE', '/api/session')).status).toBe(204);
    expect((await on(a, fromA.cookie).call('GET', '/api/orders')).status).toBe(401);
    expect((await on(a, onB.cookie).call('GET', '/api/orders')).status).toBe(200); // another session of the same user
  });

  it('answer consistency=strong only once the answering node’s own read model shows the write', async () => {
    // A third node whose projector waits 1.5 s per batch: A's read model has the write long before C's does.
    const c = await startAppServer({ PROJECTION_DELAY_MS: '1500' }, { namespace });
    servers.push(c);
    const shopper = await new Client(c.url).signUpAndIn(uniq('eve'));
    const created = await shopper.call('POST', '/api/orders?consistency=strong', {
      items: [{ productId: 'mug', quantity: 1 }],
    });
    expect(created.status).toBe(201);
    const id = (created.json as unknown as { id: string }).id;
    expect((await shopper.call('GET', `/api/orders/${id}`)).status).toBe(200);
    const added = await shopper.call('POST', `/api/orders/${id}/items?consistency=strong`, {
      productId: 'kettle',
      quantity: 1,
    });
    expect(added.status).toBe(200);
    expect(((await shopper.call('GET', `/api/orders/${id}`)).json.summary as { version: number }).version).toBe(2);
  });

  it('share sign-in throttling: failures on A hold the username off on B', async () => {
    const name = uniq('tom');
    await on(a).call('POST', '/api/users', { username: name, password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      const node = i % 2 ? b : a;
      expect((await on(node).call('POST', '/api/session', { username: name, password: 'not the one' })).status).toBe(
        401,
      );
    }
    expect((await on(b).call('POST', '/api/session', { username: name, password: PASSWORD })).status).toBe(429);
  });

  it('count sign-ins sent all at once over both nodes before checking them: a burst is held off too', async () => {
    const name = uniq('kim');
    await on(a).call('POST', '/api/users', { username: name, password: PASSWORD });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        on(i % 2 ? b : a).call('POST', '/api/session', {
          username: name,
          password: i === 39 ? PASSWORD : `wrong guess ${i}`,
        }),
      ),
    );
    const answered = results.filter((r) => r.status !== 429);
    expect(answered.length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(35);
  });

  it('give a username to exactly one of 20 sign-ups racing over both nodes', async () => {
    const name = uniq('zoe');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        on(i % 2 ? b : a).call('POST', '/api/users', { username: name, password: `${PASSWORD} ${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    const winner = results.findIndex((r) => r.status === 201);
    for (const node of [a, b]) {
      expect(
        (await on(node).call('POST', '/api/session', { username: name, password: `${PASSWORD} ${winner}` })).status,
      ).toBe(204);
    }
  });

  it('share the catalog: a price changed on A is used by the next AddItem on B; a product listed on A is sold on B', async () => {
    const staff = await new Client(a.url).signUpAndIn('staff-sam');
    const shopper = await new Client(b.url).signUpAndIn(uniq('sue'));
    const created = await shopper.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] });
    expect(created.status).toBe(201);
    const orderId = (created.json as unknown as { id: string }).id;

    expect((await staff.call('PATCH', '/api/products/kettle', { priceCents: 6123 })).status).toBe(200);
    expect(
      (await shopper.call('POST', `/api/orders/${orderId}/items`, { productId: 'kettle', quantity: 1 })).status,
    ).toBe(200);
    const id = uniq('pot');
    expect((await staff.call('POST', '/api/products', { id, name: 'Clay pot', priceCents: 777 })).status).toBe(201);
    expect((await shopper.call('POST', `/api/orders/${orderId}/items`, { productId: id, quantity: 2 })).status).toBe(
      200,
    );

    const events = (await shopper.call('GET', `/api/orders/${orderId}/events?order=oldest`)).json as unknown as {
      type: string;
      data: { productId?: string; unitPriceCents?: number };
    }[];
    expect(events.filter((e) => e.type === 'ItemAdded').map((e) => [e.data.productId, e.data.unitPriceCents])).toEqual([
      ['kettle', 6123],
      [id, 777],
    ]);
    // Customers may not change the catalog: to them the routes do not exist.
    expect((await shopper.call('PATCH', '/api/products/kettle', { priceCents: 1 })).status).toBe(404);
    expect((await shopper.call('POST', '/api/products', { id: uniq('x'), name: 'X', priceCents: 1 })).status).toBe(404);
  });

  it('a node started again with an empty DATA_DIR signs in, shows every order, and its read model equals the other’s', async () => {
    const name = uniq('max');
    const max = await new Client(a.url).signUpAndIn(name);
    for (let i = 0; i < 3; i++) {
      expect((await max.call('POST', '/api/orders', { items: [{ productId: 'chai', quantity: i + 1 }] })).status).toBe(
        201,
      );
    }
    const mine = (await max.call('GET', '/api/orders')).json as unknown as { id: string }[];

    const dataDir = b.dataDir;
    await b.halt();
    rmSync(dataDir, { recursive: true, force: true });
    b = await startAppServer({}, { namespace, dataDir });
    servers.push(b);

    const onB = on(b);
    expect((await onB.call('POST', '/api/session', { username: name, password: PASSWORD })).status).toBe(204);
    expect(((await onB.call('GET', '/api/orders')).json as unknown as { id: string }[]).map((o) => o.id)).toEqual(
      mine.map((o) => o.id),
    );
    await bothCaughtUp();
    const dump = (dir: string) => {
      const db = new Database(join(dir, 'app.sqlite'), { readonly: true });
      try {
        return Object.fromEntries(
          READ_MODEL_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]),
        );
      } finally {
        db.close();
      }
    };
    const [ofA, ofB] = [dump(a.dataDir), dump(b.dataDir)];
    expect(ofA.order_summaries!.length).toBeGreaterThan(3);
    expect(ofB).toEqual(ofA);
  });
});
