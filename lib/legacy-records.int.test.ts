// A data dir made by release 0.1.0 (lib/testing/fixtures/data-dir-0.1.0), started with this release: its users,
// sessions, catalog and cookie secret move into the store of record once, with nothing lost, and the read-model
// file keeps only read models.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteNamespace, testRedisUrl } from './eventstore/testing';
import { type AppServer, Client, startAppServer } from './testing/app-server';

const FIXTURE = join(import.meta.dirname, 'testing', 'fixtures', 'data-dir-0.1.0');
const ANN_COOKIE =
  'orderly_session=jmRYWi4dgGMre5xFaaRH-aBbJvMNUl0__kfkfow-P08.ldCJI3jb7EhCt9ygSYpOtbyvlE7jZ5o7NV9TeW4gsI4';
const ANN_ORDER = '6f0b1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4';
const BOB_ORDER = '7a1c2e3f-4d5b-4c6d-9e7f-8091a2b3c4d5';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A copy of the fixture; without its embedded event store, it is a 0.1.0 node that kept its events in Redis. */
function copyOfFixture({ withEvents = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-legacy-'));
  copyFileSync(join(FIXTURE, 'app.sqlite.fixture'), join(dir, 'app.sqlite'));
  if (withEvents) copyFileSync(join(FIXTURE, 'events.sqlite.fixture'), join(dir, 'events.sqlite'));
  copyFileSync(join(FIXTURE, 'session-secret'), join(dir, 'session-secret'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir: string, env: Record<string, string>, namespace?: string) {
  const app: AppServer = await startAppServer(env, { dataDir, namespace });
  cleanups.push(() => app.stop());
  return app;
}

/** What a user of the old release sees now: their session, their orders, the catalog. */
async function checkEverythingIsThere(app: AppServer) {
  const ann = new Client(app.url);
  ann.cookie = ANN_COOKIE; // the session opened by the old release, signed with its secret
  const list = async () =>
    (await ann.call('GET', '/api/orders')).json as unknown as { id: string; status: string; totalCents: number }[];
  // Submitted before stock was kept: the reservations process confirms it as it was, holding nothing.
  await expect.poll(async () => (await list())[0]?.status, { timeout: 15_000 }).toBe('confirmed');
  expect(await list()).toMatchObject([{ id: ANN_ORDER, status: 'confirmed', totalCents: 2 * 1999 + 4500 }]);
  const bob = await new Client(app.url);
  expect(
    (await bob.call('POST', '/api/session', { username: 'legacy-bob', password: 'battery staple horse' })).status,
  ).toBe(204);
  expect(((await bob.call('GET', '/api/orders')).json as unknown as { id: string }[]).map((o) => o.id)).toEqual([
    BOB_ORDER,
  ]);
  expect((await bob.call('GET', `/api/orders/${ANN_ORDER}`)).status).toBe(404);
  // The name stays taken: nobody can sign up as an old user and see their orders.
  expect(
    (await new Client(app.url).call('POST', '/api/users', { username: 'legacy-ann', password: 'a new password' }))
      .status,
  ).toBe(409);
  const products = (await bob.call('GET', '/api/products')).json as unknown as { id: string; priceCents: number }[];
  const price = (id: string) => products.find((p) => p.id === id)?.priceCents;
  expect([price('mug'), price('legacy-teapot'), price('chai'), price('kettle')]).toEqual([1999, 4500, undefined, 5900]);
  expect(products).toHaveLength(20); // the 20 seeded on sale, without chai, with the teapot
  // A new order by an old user is theirs: their id is their old username.
  const made = await ann.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] });
  expect(made.status).toBe(201);
}

const legacyTables = (dataDir: string) => {
  const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true });
  try {
    return db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'sessions', 'products', 'login_failures')",
      )
      .all();
  } finally {
    db.close();
  }
};

describe('a data dir from release 0.1.0', () => {
  it('moves into the embedded store of record, once, with nothing lost', async () => {
    const dir = copyOfFixture();
    const first = await start(dir, { EVENT_STORE: 'sqlite' });
    await checkEverythingIsThere(first);
    expect(legacyTables(dir)).toEqual([]);
    const events = async () => {
      const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = await events();
    await first.halt();
    const again = await start(dir, { EVENT_STORE: 'sqlite' });
    expect(await events()).toBe(before); // nothing listed or moved twice
    const ann = new Client(again.url);
    ann.cookie = ANN_COOKIE;
    expect(((await ann.call('GET', '/api/orders')).json as unknown[]).length).toBe(2);
  });

  const redisNamespace = () => {
    const namespace = `legacy-${randomUUID().slice(0, 8)}`;
    cleanups.push(async () => {
      const redis = new Redis(testRedisUrl());
      await deleteNamespace(redis, namespace);
      redis.disconnect();
    });
    return namespace;
  };

  it('moves its accounts and catalog into Redis when its events were there too', async () => {
    const dir = copyOfFixture({ withEvents: false });
    const namespace = redisNamespace();
    const app = await start(dir, { EVENT_STORE: 'redis' }, namespace);
    const ann = new Client(app.url);
    ann.cookie = ANN_COOKIE;
    expect((await ann.call('GET', '/api/orders')).status).toBe(200); // the old session, now in Redis
    expect(
      (
        await new Client(app.url).call('POST', '/api/session', {
          username: 'legacy-bob',
          password: 'battery staple horse',
        })
      ).status,
    ).toBe(204);
    const products = (await ann.call('GET', '/api/products')).json as unknown as { id: string; priceCents: number }[];
    expect(products.find((p) => p.id === 'mug')?.priceCents).toBe(1999);
    expect(legacyTables(dir)).toEqual([]);
  });

  it('is refused, moving nothing, when its orders are in the embedded store but the node uses Redis', async () => {
    const dir = copyOfFixture();
    await expect(start(dir, { EVENT_STORE: 'redis' }, redisNamespace())).rejects.toThrow(/exited with code 1/);
    expect(legacyTables(dir)).toHaveLength(4); // nothing moved, nothing dropped
  });

  it('comes into a store another node of this release has used already: the seeded catalog takes its old values', async () => {
    const namespace = redisNamespace();
    const freshDir = mkdtempSync(join(tmpdir(), 'orderly-fresh-'));
    cleanups.push(() => rmSync(freshDir, { recursive: true, force: true }));
    const fresh = await start(freshDir, { EVENT_STORE: 'redis' }, namespace);
    await fresh.halt();
    const app = await start(copyOfFixture({ withEvents: false }), { EVENT_STORE: 'redis' }, namespace);
    const products = (await new Client(app.url).call('GET', '/api/products')).json as unknown as {
      id: string;
      priceCents: number;
    }[];
    expect(products.find((p) => p.id === 'mug')?.priceCents).toBe(1999);
    expect(products.find((p) => p.id === 'chai')).toBeUndefined(); // retired in the data dir
    expect(products.find((p) => p.id === 'legacy-teapot')?.priceCents).toBe(4500);
    // The store had its own session secret already: the old session ended, but the password still works.
    const ann = new Client(app.url);
    ann.cookie = ANN_COOKIE;
    expect((await ann.call('GET', '/api/orders')).status).toBe(401);
    expect(
      (
        await new Client(app.url).call('POST', '/api/session', {
          username: 'legacy-ann',
          password: 'correct horse battery',
        })
      ).status,
    ).toBe(204);
  });
});
