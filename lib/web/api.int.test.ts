// The JSON API against the real app server (production build), route by route and status by status.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, Client, startAppServer } from '../testing/app-server';
import { nameBasedUuid } from '../write/ids';

let app: AppServer;
const METRICS_TOKEN = 'api-test-metrics-token';
beforeAll(async () => {
  // The order life here is the customer's (draft → submitted → cancelled): stock decisions are
  // lib/processes/*.int.test.ts's and e2e/inventory.spec.ts's, so the reservations process is off.
  app = await startAppServer({ PROCESSES: 'off', METRICS_TOKEN });
}, 90_000);
afterAll(async () => {
  await app?.stop();
});

const uniq = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const client = () => new Client(app.url);
const user = (prefix = 'u') => client().signUpAndIn(uniq(prefix));
const head = async () => ((await client().call('GET', '/api/health')).json as unknown as { head: number }).head;

async function newOrder(c: Client, items = [{ productId: 'mug', quantity: 2 }]) {
  const r = await c.call('POST', '/api/orders?consistency=strong', { items });
  expect(r.status).toBe(201);
  return r.json as unknown as { id: string; version: number };
}

describe('accounts', () => {
  it('signs up, refusing bad and taken usernames rather than rewriting them', async () => {
    const name = uniq('ann');
    const c = client();
    expect(await c.call('POST', '/api/users', { username: name, password: 'correct horse battery' })).toMatchObject({
      status: 201,
      json: { username: name },
    });
    expect((await c.call('POST', '/api/users', { username: name, password: 'correct horse battery' })).status).toBe(
      409,
    );
    for (const username of ['Ann', 'an', 'x'.repeat(33), 'ann smith', 'ann!', 'ännа', '']) {
      const r = await c.call('POST', '/api/users', { username, password: 'correct horse battery' });
      expect(r.status, username).toBe(400);
      expect(r.json.error).toMatch(/username/);
    }
    for (const password of ['short', 'x'.repeat(129)]) {
      expect((await c.call('POST', '/api/users', { username: uniq('p'), password })).status).toBe(400);
    }
    expect(
      (await c.call('POST', '/api/users', { username: uniq('p'), password: 'correct horse battery', admin: true }))
        .status,
    ).toBe(400);
    expect((await c.call('POST', '/api/users', '{nope')).status).toBe(400);
  });

  it('signs in with an httpOnly, SameSite=Lax cookie that expires, Secure behind HTTPS', async () => {
    const name = uniq('c');
    const c = client();
    await c.call('POST', '/api/users', { username: name, password: 'correct horse battery' });
    const r = await c.call('POST', '/api/session', { username: name, password: 'correct horse battery' });
    expect(r.status).toBe(204);
    expect(r.setCookie).toMatch(
      /^orderly_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Expires=.+; Max-Age=\d+$/,
    );
    const secure = await client().call(
      'POST',
      '/api/session',
      { username: name, password: 'correct horse battery' },
      { 'x-forwarded-proto': 'https' },
    );
    expect(secure.setCookie).toMatch(/; Secure$/);
  });

  it('answers a wrong password and an unknown user alike, and slows down repeated failures', async () => {
    const name = uniq('d');
    const c = client();
    await c.call('POST', '/api/users', { username: name, password: 'correct horse battery' });
    const wrong = await c.call('POST', '/api/session', { username: name, password: 'wrong password' });
    const unknown = await c.call('POST', '/api/session', {
      username: uniq('nobody'),
      password: 'correct horse battery',
    });
    expect(wrong).toMatchObject({ status: 401, json: { error: 'wrong username or password' } });
    expect(unknown).toMatchObject({ status: 401, json: { error: 'wrong username or password' } });
    expect((await c.call('POST', '/api/session', { username: 'X', password: '1' })).status).toBe(400); // malformed
    for (let i = 0; i < 4; i++) await c.call('POST', '/api/session', { username: name, password: 'wrong password' });
    const held = await c.call('POST', '/api/session', { username: name, password: 'correct horse battery' }); // even the right one
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('signing out ends the session for every copy of the cookie; a tampered cookie is no session', async () => {
    const c = await user('e');
    const copy = new Client(app.url);
    copy.cookie = c.cookie;
    expect((await copy.call('GET', '/api/orders')).status).toBe(200);
    const tampered = new Client(app.url);
    tampered.cookie = `${c.cookie!.slice(0, -3)}abc`;
    expect((await tampered.call('GET', '/api/orders')).status).toBe(401);
    expect((await c.call('DELETE', '/api/session')).status).toBe(204);
    expect((await copy.call('GET', '/api/orders')).status).toBe(401);
  });
});

describe('orders', () => {
  it('need a session on every route', async () => {
    const id = randomUUID();
    const anon = client();
    for (const [method, path] of [
      ['GET', '/api/orders'],
      ['GET', '/api/orders/export.csv'],
      ['POST', '/api/orders'],
      ['GET', `/api/orders/${id}`],
      ['POST', `/api/orders/${id}/items`],
      ['PATCH', `/api/orders/${id}/items/mug`],
      ['DELETE', `/api/orders/${id}/items/mug`],
      ['POST', `/api/orders/${id}/submit`],
      ['POST', `/api/orders/${id}/cancel`],
      ['GET', `/api/orders/${id}/events`],
      ['GET', `/api/orders/${id}/state?version=1`],
    ] as const) {
      const r = await anon.call(method, path, method === 'GET' ? undefined : {});
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.json.error).toMatch(/sign in/);
    }
  });

  it('go through their life over the API, with read-your-writes', async () => {
    const c = await user('life');
    const created = await c.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 2 }] });
    expect(created.status).toBe(201);
    const { id } = created.json as unknown as { id: string };
    expect(created.headers.get('location')).toBe(`/api/orders/${id}`);
    const steps: [string, string, unknown, number][] = [
      ['POST', `/api/orders/${id}/items`, { productId: 'kettle', quantity: 1 }, 2],
      ['PATCH', `/api/orders/${id}/items/mug`, { quantity: 3 }, 3],
      ['DELETE', `/api/orders/${id}/items/kettle`, undefined, 4],
      ['POST', `/api/orders/${id}/submit`, undefined, 5],
      ['POST', `/api/orders/${id}/cancel`, { reason: 'changed my mind' }, 6],
    ];
    for (const [method, path, body, version] of steps) {
      const r = await c.call(method, `${path}?consistency=strong`, body);
      expect(r, `${method} ${path}`).toMatchObject({ status: 200, json: { version } });
      const got = await c.call('GET', `/api/orders/${id}`);
      expect(got.json.summary).toMatchObject({ version });
      expect(got.headers.get('etag')).toBe(`"${version}"`);
    }
    const final = await c.call('GET', `/api/orders/${id}`);
    expect(final.json).toMatchObject({
      summary: { id, status: 'cancelled', totalCents: 5400, itemCount: 1, cancelReason: 'changed my mind' },
      items: [{ productId: 'mug', name: 'Stoneware mug', quantity: 3, unitPriceCents: 1800 }],
    });
    expect((await c.call('GET', `/api/orders/${id}`, undefined, { 'if-none-match': '"6"' })).status).toBe(304);
  });

  it("refuse broken rules with 422 and the rule's message", async () => {
    const c = await user('rules');
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/api/orders', { items: [] }, /at least one item/],
      ['POST', '/api/orders', { items: [{ productId: 'caviar', quantity: 1 }] }, /unknown product/],
      ['POST', '/api/orders', { items: [{ productId: 'mug', quantity: 0 }] }, /1 to 999/],
      ['POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1000 }] }, /1 to 999/],
      ['POST', '/api/orders', { items: [{ productId: 'syrup-vanilla', quantity: 1 }] }, /no longer on sale/],
    ];
    const { id } = await newOrder(c, [{ productId: 'mug', quantity: 998 }]);
    cases.push(
      ['POST', `/api/orders/${id}/items`, { productId: 'mug', quantity: 5 }, /at most 999/],
      ['PATCH', `/api/orders/${id}/items/kettle`, { quantity: 1 }, /not on this order/],
      ['DELETE', `/api/orders/${id}/items/kettle`, undefined, /not on this order/],
    );
    const before = await head();
    for (const [method, path, body, message] of cases) {
      const r = await c.call(method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(422);
      expect(r.json.error).toMatch(message);
    }
    expect(await head()).toBe(before);
    await c.call('POST', `/api/orders/${id}/submit`);
    expect(await c.call('POST', `/api/orders/${id}/items`, { productId: 'kettle', quantity: 1 })).toMatchObject({
      status: 422,
      json: { error: expect.stringMatching(/only a draft/) },
    });
    expect((await c.call('POST', `/api/orders/${id}/submit`)).status).toBe(422);
  });

  it('answer 400 to malformed requests, and write nothing', async () => {
    const c = await user('bad');
    const { id } = await newOrder(c);
    const cases: [string, string, unknown][] = [
      ['POST', '/api/orders', '{"items": ['],
      ['POST', '/api/orders', '[]'],
      ['POST', '/api/orders', 'null'],
      ['POST', '/api/orders', {}],
      ['POST', '/api/orders', { items: 'mug' }],
      ['POST', '/api/orders', { items: [{ productId: 'mug', quantity: '2' }] }],
      ['POST', '/api/orders', { items: [{ productId: 'mug', quantity: 2.5 }] }],
      ['POST', '/api/orders', { items: [{ productId: 'mug' }] }],
      ['POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1, price: 1 }] }],
      ['POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }], customerId: 'someone-else' }],
      ['POST', '/api/orders', { items: [{ productId: '', quantity: 1 }] }],
      ['POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }], commandId: '' }],
      ['POST', '/api/orders?consistency=maybe', { items: [{ productId: 'mug', quantity: 1 }] }],
      ['POST', '/api/orders?surprise=1', { items: [{ productId: 'mug', quantity: 1 }] }],
      ['POST', '/api/orders/not-a-uuid/items', { productId: 'mug', quantity: 1 }],
      ['POST', `/api/orders/${id}/items`, undefined],
      ['POST', `/api/orders/${id}/items`, { productId: 'mug' }],
      ['POST', `/api/orders/${id}/items`, { productId: 'mug', quantity: 1, expectedVersion: -1 }],
      ['POST', `/api/orders/${id}/items`, { productId: 'mug', quantity: 1, expectedVersion: 'one' }],
      ['PATCH', `/api/orders/${id}/items/mug`, {}],
      ['PATCH', `/api/orders/${id}/items/mug`, { quantity: null }],
      ['DELETE', `/api/orders/${id}/items/mug`, { force: true }],
      ['POST', `/api/orders/${id}/submit`, { now: true }],
      ['POST', `/api/orders/${id}/cancel`, { reason: 42 }],
      ['POST', `/api/orders/${id}/cancel`, { reason: 'x'.repeat(501) }],
      ['GET', '/api/orders/123', undefined],
    ];
    const before = await head();
    for (const [method, path, body] of cases) {
      const r = await c.call(method, path, body);
      expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(typeof r.json.error).toBe('string');
    }
    expect(
      (await c.call('POST', `/api/orders/${id}/items`, { productId: 'mug', quantity: 1 }, { 'if-match': 'seven' }))
        .status,
    ).toBe(400);
    const big = JSON.stringify({ items: [{ productId: 'mug', quantity: 1 }], pad: 'x'.repeat(70_000) });
    expect((await c.call('POST', '/api/orders', big)).status).toBe(413);
    expect(await head()).toBe(before);
  });

  it('list my orders newest first, by status, in pages, and refuse bad queries', async () => {
    const c = await user('list');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { id } = await newOrder(c);
      if (i % 2 === 0) await c.call('POST', `/api/orders/${id}/submit?consistency=strong`);
      ids.push(id);
    }
    await newOrder(await user('other'));
    const all = await c.call('GET', '/api/orders');
    expect((all.json as { id: string }[]).map((o) => o.id)).toEqual([...ids].reverse());
    expect(Object.keys(all.json[0] as object).sort()).toEqual([
      'createdAt',
      'customerId',
      'customerName',
      'id',
      'itemCount',
      'number',
      'status',
      'totalCents',
      'updatedAt',
      'version',
    ]);
    // Numbers for people follow creation (each is the order's first event's global position).
    const numbers = (all.json as { number: number }[]).map((o) => o.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(new Set(numbers).size).toBe(numbers.length);
    const submitted = await c.call('GET', '/api/orders?status=submitted');
    expect((submitted.json as { id: string }[]).map((o) => o.id)).toEqual([ids[4], ids[2], ids[0]]);
    const page1 = await c.call('GET', '/api/orders?limit=2');
    const cursor = page1.headers.get('x-next-cursor')!;
    expect(cursor).toBeTruthy();
    const page2 = await c.call('GET', `/api/orders?limit=2&cursor=${encodeURIComponent(cursor)}`);
    const page3 = await c.call(
      'GET',
      `/api/orders?limit=2&cursor=${encodeURIComponent(page2.headers.get('x-next-cursor')!)}`,
    );
    expect([...page1.json, ...page2.json, ...page3.json].map((o) => (o as { id: string }).id)).toEqual(
      [...ids].reverse(),
    );
    expect(page3.headers.get('x-next-cursor')).toBeNull();
    for (const q of [
      'limit=0',
      'limit=101',
      'limit=abc',
      'status=lost',
      'cursor=garbage',
      'page=2',
      'limit=1&limit=2',
    ]) {
      expect((await c.call('GET', `/api/orders?${q}`)).status, q).toBe(400);
    }
  });

  it('are shown only to their owner, and to staff', async () => {
    const a = await user('owner');
    const b = await user('intruder');
    const staff = await client()
      .signUpAndIn('staff-sam')
      .catch(async () => {
        const s = client();
        await s.call('POST', '/api/session', { username: 'staff-sam', password: 'correct horse battery' });
        return s;
      });
    const { id } = await newOrder(a);
    const before = await head();
    for (const [method, path, body] of [
      ['GET', `/api/orders/${id}`, undefined],
      ['POST', `/api/orders/${id}/items`, { productId: 'kettle', quantity: 1 }],
      ['PATCH', `/api/orders/${id}/items/mug`, { quantity: 5 }],
      ['DELETE', `/api/orders/${id}/items/mug`, undefined],
      ['POST', `/api/orders/${id}/submit`, undefined],
      ['POST', `/api/orders/${id}/cancel`, undefined],
      ['GET', `/api/orders/${id}/events`, undefined],
      ['GET', `/api/orders/${id}/state?version=1`, undefined],
    ] as const) {
      const theirs = await b.call(method, path, body);
      expect(theirs, `${method} ${path}`).toMatchObject({ status: 404, json: { error: 'order not found' } });
      const missing = await b.call(method, path.replace(id, randomUUID()), body);
      expect(missing.json).toEqual(theirs.json); // indistinguishable from an order that does not exist
      if (method === 'GET') continue;
      // Pinned to a version (stale, current or future), in the body or by If-Match: still nothing to see, no
      // version leaked in a body or an ETag.
      for (const version of [0, 1, 2, 10_000]) {
        for (const pinned of [
          await b.call(method, path, { ...(body ?? {}), expectedVersion: version }),
          await b.call(method, path, body, { 'if-match': `"${version}"` }),
        ]) {
          expect(pinned, `${method} ${path} pinned to ${version}`).toMatchObject({
            status: 404,
            json: { error: 'order not found' },
          });
          expect(pinned.headers.get('etag')).toBeNull();
        }
      }
    }
    expect(await head()).toBe(before);
    expect((await b.call('GET', '/api/orders')).json).toEqual([]);
    expect((await staff.call('GET', `/api/orders/${id}`)).status).toBe(200);
    expect(((await staff.call('GET', '/api/orders')).json as { id: string }[]).some((o) => o.id === id)).toBe(true);
    expect(
      (await staff.call('POST', `/api/orders/${id}/items?consistency=strong`, { productId: 'kettle', quantity: 1 }))
        .status,
    ).toBe(200);
  });
});

describe('commands', () => {
  it('with the same commandId answer the first result and write once; another command under it is refused', async () => {
    const c = await user('idem');
    const first = await c.call('POST', '/api/orders', {
      items: [{ productId: 'mug', quantity: 1 }],
      commandId: 'create-1',
    });
    const again = await c.call('POST', '/api/orders', {
      items: [{ productId: 'mug', quantity: 1 }],
      commandId: 'create-1',
    });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    const { id } = first.json as unknown as { id: string };
    // The id is keyed with the server's secret: not what anyone could work out from the user id and commandId.
    const [created] = (await c.call('GET', `/api/orders/${id}/events`)).json as { metadata: { actor: string } }[];
    expect(id).not.toBe(nameBasedUuid('orderly-order', created!.metadata.actor, 'create-1'));
    const add = { productId: 'kettle', quantity: 1, commandId: 'add-1' };
    const r1 = await c.call('POST', `/api/orders/${id}/items`, add);
    const before = await head();
    const r2 = await c.call('POST', `/api/orders/${id}/items`, add);
    expect(r2).toMatchObject({ status: 200, json: r1.json });
    expect(await head()).toBe(before);
    expect((await c.call('POST', `/api/orders/${id}/items`, { ...add, quantity: 2 })).status).toBe(422);
    // Another user's commandId is theirs alone.
    expect(
      (
        await (
          await user('idem2')
        ).call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }], commandId: 'create-1' })
      ).status,
    ).toBe(201);
  });

  it('pinned to a stale version answer 409 with the current version (body) or 412 (If-Match)', async () => {
    const c = await user('pin');
    const { id } = await newOrder(c);
    await c.call('POST', `/api/orders/${id}/items`, { productId: 'kettle', quantity: 1 });
    const stale = await c.call('POST', `/api/orders/${id}/items`, {
      productId: 'mug',
      quantity: 1,
      expectedVersion: 1,
    });
    expect(stale).toMatchObject({ status: 409, json: { currentVersion: 2 } });
    expect(typeof stale.json.error).toBe('string');
    expect((await c.call('POST', `/api/orders/${id}/submit`, undefined, { 'if-match': '"1"' })).status).toBe(412);
    expect((await c.call('POST', `/api/orders/${id}/submit`, undefined, { 'if-match': '"2"' })).status).toBe(200);
    // `*`: whatever version there is (RFC 9110), so no pin; on a create there is none, so it fails.
    expect(
      (await c.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] }, { 'if-match': '*' })).status,
    ).toBe(412);
    expect((await c.call('POST', `/api/orders/${id}/cancel`, { reason: 'no' }, { 'if-match': '*' })).status).toBe(200);
    // The order's id in capitals names the same order.
    expect(await c.call('GET', `/api/orders/${id.toUpperCase()}`)).toMatchObject({
      status: 200,
      json: { summary: { id } },
    });
  });

  it('20 clients pinned to one version: exactly one wins, the rest get 409, and the read model shows the winner', async () => {
    const c = await user('race');
    const { id, version } = await newOrder(c, [{ productId: 'mug', quantity: 1 }]);
    const products = [
      'espresso-beans',
      'filter-beans',
      'decaf-beans',
      'single-origin',
      'cold-brew',
      'green-tea',
      'chai',
      'oat-milk',
      'filter-papers',
      'pour-over',
      'french-press',
      'moka-pot',
      'hand-grinder',
      'kettle',
      'scale',
      'travel-cup',
      'cleaning-tablets',
      'gift-card',
      'biscotti',
      'decaf-beans',
    ];
    const clients = Array.from({ length: 20 }, () => Object.assign(new Client(app.url), { cookie: c.cookie }));
    const results = await Promise.all(
      clients.map((cl, i) =>
        cl.call('POST', `/api/orders/${id}/items?consistency=strong`, {
          productId: products[i],
          quantity: 1,
          expectedVersion: version,
        }),
      ),
    );
    const winners = results.map((r, i) => [r.status, i] as const).filter(([s]) => s === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const view = await c.call('GET', `/api/orders/${id}`);
    expect((view.json.items as unknown as { productId: string }[]).map((i) => i.productId)).toEqual([
      'mug',
      products[winners[0]![1]],
    ]);
  });
});

describe('history', () => {
  it("lists the order's events from the store with their metadata", async () => {
    const c = await user('hist');
    const { id } = await newOrder(c);
    await c.call(
      'POST',
      `/api/orders/${id}/items`,
      { productId: 'kettle', quantity: 1, commandId: 'cmd-k' },
      { 'x-request-id': 'req-123', 'x-correlation-id': 'corr-9' },
    );
    const r = await c.call('GET', `/api/orders/${id}/events?order=oldest`);
    expect(r.status).toBe(200);
    const events = r.json as unknown as {
      type: string;
      version: number;
      position: number;
      metadata: Record<string, unknown>;
    }[];
    expect(events.map((e) => [e.type, e.version])).toEqual([
      ['OrderCreated', 1],
      ['ItemAdded', 2],
    ]);
    expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
    expect(events[1]!.metadata).toMatchObject({
      commandId: 'cmd-k',
      requestId: 'req-123',
      correlationId: `${events[1]!.metadata.actor}:corr-9`, // a customer's correlation id is scoped to them
      causationId: 'cmd-k',
    });
    // Another customer sending the same correlation id cannot join it.
    const other = await user('corr');
    const theirs = await other.call(
      'POST',
      '/api/orders',
      { items: [{ productId: 'mug', quantity: 1 }] },
      {
        'x-correlation-id': 'corr-9',
      },
    );
    const [their] = (await other.call('GET', `/api/orders/${(theirs.json as unknown as { id: string }).id}/events`))
      .json as unknown as { metadata: { correlationId: string; actor: string } }[];
    expect(their!.metadata.correlationId).toBe(`${their!.metadata.actor}:corr-9`);
    expect(their!.metadata.correlationId).not.toBe(events[1]!.metadata.correlationId);
    expect(events[0]!.metadata).toEqual(
      expect.objectContaining({
        actor: expect.any(String),
        commandId: expect.any(String),
        correlationId: expect.any(String),
        causationId: expect.any(String),
        requestId: expect.any(String),
      }),
    );
  });

  it('shows the order as it was at a version or a moment, and refuses what cannot be answered', async () => {
    const c = await user('time');
    const { id } = await newOrder(c, [{ productId: 'mug', quantity: 1 }]);
    await c.call('POST', `/api/orders/${id}/items`, { productId: 'kettle', quantity: 1 });
    await c.call('POST', `/api/orders/${id}/submit`);
    const events = (await c.call('GET', `/api/orders/${id}/events?order=oldest`)).json as unknown as {
      recordedAt: string;
    }[];
    const v1 = await c.call('GET', `/api/orders/${id}/state?version=1`);
    expect(v1).toMatchObject({
      status: 200,
      json: { version: 1, status: 'draft', totalCents: 1800, items: [{ productId: 'mug', quantity: 1 }] },
    });
    const at2 = await c.call('GET', `/api/orders/${id}/state?at=${encodeURIComponent(events[1]!.recordedAt)}`);
    expect(at2.json.version).toBeGreaterThanOrEqual(2);
    const later = await c.call(
      'GET',
      `/api/orders/${id}/state?at=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`,
    );
    expect(later.json).toMatchObject({ version: 3, status: 'submitted', totalCents: 7700 });
    const before = new Date(Date.parse(events[0]!.recordedAt) - 60_000).toISOString();
    for (const q of [
      '',
      'version=0',
      'version=4',
      'version=two',
      'version=0x2', // a number coercion read these as 2 and 1
      'version=1e0',
      'version=',
      `version=1&at=${encodeURIComponent(before)}`,
      'at=yesterday',
      `at=${encodeURIComponent(before)}`,
    ]) {
      const r = await c.call('GET', `/api/orders/${id}/state?${q}`);
      expect(r.status, q).toBe(400);
    }
  });
});

describe('public routes', () => {
  it('serve the catalog, health and the OpenAPI document without a session', async () => {
    const c = client();
    const products = (await c.call('GET', '/api/products')).json as unknown as { id: string; priceCents: number }[];
    expect(products.length).toBeGreaterThanOrEqual(20);
    expect(products.every((p) => Number.isInteger(p.priceCents))).toBe(true);
    expect(products.some((p) => p.id === 'syrup-vanilla')).toBe(false); // inactive
    const health = await c.call('GET', '/api/health');
    expect(health.json).toMatchObject({ status: 'ok', eventStore: 'redis', projector: { inThisProcess: true } });
    // This app runs without process managers (PROCESSES=off): health says so, and stays ok for load balancers.
    expect(health.json).toMatchObject({
      processManagers: [{ name: 'reservations', running: false, holder: null }],
      warnings: [expect.stringContaining('no node runs the process manager "reservations"')],
    });
    // So do the metrics, for alerting: not running, and how far behind it is.
    const metrics = await (
      await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/^orderly_process_running\{[^}]*process="reservations"[^}]*\} 0$/m);
    expect(metrics).toMatch(/^orderly_process_behind_events\{[^}]*process="reservations"[^}]*\} \d+$/m);
    // /api/ping: an answer, and nothing else.
    const ping = await fetch(`${app.url}/api/ping`, { method: 'HEAD' });
    expect(ping.status).toBe(204);
    expect(ping.headers.get('cache-control')).toBe('no-store');
    const doc = (await c.call('GET', '/api/openapi.json')).json as unknown as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/account/password',
      '/api/account/sessions',
      '/api/admin/rebuild',
      '/api/health',
      '/api/openapi.json',
      '/api/orders',
      '/api/orders/export.csv',
      '/api/orders/{id}',
      '/api/orders/{id}/cancel',
      '/api/orders/{id}/events',
      '/api/orders/{id}/items',
      '/api/orders/{id}/items/{productId}',
      '/api/orders/{id}/ship',
      '/api/orders/{id}/state',
      '/api/orders/{id}/submit',
      '/api/ping',
      '/api/products',
      '/api/products/{id}',
      '/api/products/{id}/stock',
      '/api/products/{id}/stock/adjustments',
      '/api/session',
      '/api/users',
    ]);
    expect(Object.keys(doc.paths['/api/orders/{id}/items/{productId}']!).sort()).toEqual(['delete', 'patch']);
    const create = doc.paths['/api/orders']!.post as {
      requestBody: {
        content: {
          'application/json': { schema: { properties: Record<string, unknown>; additionalProperties: boolean } };
        };
      };
      responses: Record<string, unknown>;
    };
    expect(Object.keys(create.requestBody.content['application/json'].schema.properties).sort()).toEqual([
      'commandId',
      'items',
    ]);
    expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '413', '422']));
  });
});
