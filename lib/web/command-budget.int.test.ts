// The command budget per user, against two real nodes over one store: a script within 20 commands/s and bursts of
// 50 is never refused; a flood is answered 429 with Retry-After, on every node, and what was refused wrote nothing.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteNamespace, testRedisUrl } from '../eventstore/testing';
import { type AppServer, Client, startAppServer } from '../testing/app-server';

const namespace = `budget-${randomUUID().slice(0, 8)}`;
let a: AppServer;
let b: AppServer;
beforeAll(async () => {
  a = await startAppServer({}, { namespace });
  b = await startAppServer({}, { namespace });
}, 120_000);
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  const redis = new Redis(testRedisUrl());
  await deleteNamespace(redis, namespace);
  redis.disconnect();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const as = (c: Client, node: AppServer) => {
  const other = new Client(node.url);
  other.cookie = c.cookie;
  return other;
};

describe('the command budget per user', () => {
  it('never refuses a script of 20 commands/s with bursts of 50, spread over both nodes', async () => {
    const c = await new Client(a.url).signUpAndIn(`calm-${randomUUID().slice(0, 6)}`);
    const statuses: number[] = [];
    // Bursts of 50 at once, each after the 2.5 s a 20/s bucket needs to refill them (pacing only slows the script).
    for (let burst = 0; burst < 3; burst++) {
      if (burst > 0) await sleep(2500);
      const sent = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          as(c, i % 2 ? a : b).call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] }),
        ),
      );
      statuses.push(...sent.map((r) => r.status));
    }
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
  });

  it('answers a flood with 429 and Retry-After on every node; refused commands write nothing', async () => {
    const c = await new Client(a.url).signUpAndIn(`flood-${randomUUID().slice(0, 6)}`);
    const other = await new Client(a.url).signUpAndIn(`bystander-${randomUUID().slice(0, 6)}`);
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        as(c, i % 2 ? a : b).call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] }),
      ),
    );
    const refused = results.filter((r) => r.status === 429);
    const created = results.filter((r) => r.status === 201);
    expect(refused.length).toBeGreaterThan(0);
    expect(created.length + refused.length).toBe(300);
    for (const r of refused) {
      expect(r.json.error).toMatch(/^too many commands: try again in \d+ s$/);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(new Set(refused.map((r) => r.headers.get('x-request-id')))).toHaveProperty('size', refused.length);
    // Once the budget is back, one more order, answered when the read model shows it (and all before it).
    await sleep(Math.max(...refused.map((r) => Number(r.headers.get('retry-after')))) * 1000);
    const check = await as(c, b).call('POST', '/api/orders?consistency=strong', {
      items: [{ productId: 'mug', quantity: 1 }],
    });
    expect(check.status).toBe(201);
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await as(c, a).call('GET', `/api/orders?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      listed.push(...(r.json as unknown as { id: string }[]).map((o) => o.id));
      cursor = r.headers.get('x-next-cursor');
    } while (cursor);
    const accepted = created.map((r) => (r.json as unknown as { id: string }).id);
    expect(listed.filter((id) => accepted.includes(id)).sort()).toEqual([...accepted].sort());
    expect(listed.length).toBe(accepted.length + 1); // the accepted ones and the check: nothing refused was written
    // Another user's budget is their own.
    expect((await other.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] })).status).toBe(201);
  });
});
