// No oversell under load and crashes: 20 products with limited stock, 500 orders submitted at once through the API
// of the real app server, while the reservations process (`npm run processes`, its own process) is killed with
// SIGKILL 10 times. Every order ends confirmed or rejected exactly once; for every product the units held and
// committed never exceed what was received, and no order holds stock it should not; a clean rebuild of the read
// models from the log equals the live ones.

import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDb } from '../../db/client';
import { openRedisStore, type RedisEventStore } from '../eventstore/redis';
import { testRedisUrl } from '../eventstore/testing';
import { stockStream } from '../inventory/events';
import { orderStream } from '../orders/events';
import { cleanRebuildDump, dumpTables, READ_MODEL_TABLES, rng, settled } from '../read/testing';
import { type AppServer, Client, startAppServer } from '../testing/app-server';

const PRODUCTS = 20;
const ORDERS = 500;
const KILLS = 10;
const STOCK_EACH = 40;

describe('no oversell under load and crashes', () => {
  let app: AppServer;
  let store: RedisEventStore;
  let processes: ChildProcess | null = null;
  const spawnProcesses = () => {
    processes = app.spawnWithSameConfig('scripts/processes.ts', { LOG_LEVEL: 'error' });
  };

  beforeAll(async () => {
    app = await startAppServer({ PROCESSES: 'off', PROCESS_LEASE_TTL_MS: '600', COMMANDS_PER_SECOND: '1000000' });
    store = await openRedisStore({ redisUrl: testRedisUrl(), namespace: app.namespace });
  }, 90_000);
  afterAll(async () => {
    await store?.close();
    await app?.stop();
  });

  it(`${ORDERS} orders at once, the process killed ${KILLS} times: each decided once, never oversold`, async () => {
    const staff = await new Client(app.url).signUpAndIn('staff-sam');
    const ids = Array.from({ length: PRODUCTS }, (_, i) => `load-${i}-${randomUUID().slice(0, 6)}`);
    for (const id of ids) {
      expect((await staff.call('POST', '/api/products', { id, name: `Item ${id}`, priceCents: 100 })).status).toBe(201);
      expect((await staff.call('POST', `/api/products/${id}/stock`, { quantity: STOCK_EACH })).status).toBe(200);
    }
    const shoppers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => new Client(app.url).signUpAndIn(`load-${i}-${randomUUID().slice(0, 6)}`)),
    );
    const random = rng(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;

    spawnProcesses();
    // Kill the process while orders arrive, and start it again each time (the lease lets the next one take over).
    let kills = 0;
    let submitting = true;
    const killer = (async () => {
      while (kills < KILLS) {
        await new Promise((r) => setTimeout(r, 150 + random() * 250));
        if (!submitting && kills >= KILLS) break;
        processes!.kill('SIGKILL');
        await new Promise<void>((resolve) => processes!.once('exit', () => resolve()));
        kills++;
        spawnProcesses();
      }
    })();

    const limit = pLimit(32);
    const orders = await Promise.all(
      Array.from({ length: ORDERS }, () =>
        limit(async () => {
          const c = pick(shoppers);
          const lines = new Map<string, number>();
          for (let n = 1 + Math.floor(random() * 3); n > 0; n--) lines.set(pick(ids), 1 + Math.floor(random() * 3));
          const items = [...lines].map(([productId, quantity]) => ({ productId, quantity }));
          const created = await c.call('POST', '/api/orders', { items });
          expect(created.status).toBe(201);
          const id = (created.json as unknown as { id: string }).id;
          expect((await c.call('POST', `/api/orders/${id}/submit`)).status).toBe(200);
          return { id, items };
        }),
      ),
    );
    submitting = false;
    await killer;
    expect(kills).toBe(KILLS);

    // Every order ends confirmed or rejected, once.
    const deadline = Date.now() + 120_000;
    const outcome = new Map<string, 'confirmed' | 'rejected'>();
    while (outcome.size < ORDERS) {
      for (const o of orders) {
        if (outcome.has(o.id)) continue;
        const events = await store.readStream(orderStream(o.id));
        const decisions = events.filter((e) => e.type === 'OrderConfirmed' || e.type === 'OrderRejected');
        expect(decisions.length, `decisions of ${o.id}`).toBeLessThanOrEqual(1);
        if (decisions[0]) outcome.set(o.id, decisions[0].type === 'OrderConfirmed' ? 'confirmed' : 'rejected');
      }
      if (outcome.size < ORDERS && Date.now() > deadline) {
        throw new Error(`${ORDERS - outcome.size} orders were not decided within 120 s`);
      }
      if (outcome.size < ORDERS) await new Promise((r) => setTimeout(r, 200));
    }
    const confirmed = [...outcome.values()].filter((s) => s === 'confirmed').length;
    expect(confirmed).toBeGreaterThan(0);
    expect(confirmed).toBeLessThan(ORDERS); // the stock ran out: some were rejected

    // For every product: what is held and committed never exceeds what was received, at any point of its stream;
    // at the end exactly the confirmed orders' lines are held, each once.
    for (const id of ids) {
      const events = await store.readStream(stockStream(id), { limit: 10_000 });
      let received = 0;
      const held = new Map<string, number>();
      const reservedOnce = new Set<string>();
      for (const e of events) {
        const d = e.data as { quantity: number; orderId?: string };
        if (e.type === 'StockReceived' || e.type === 'StockAdjusted') received += d.quantity;
        if (e.type === 'StockReserved') {
          expect(reservedOnce.has(d.orderId!), `${d.orderId} reserved ${id} twice`).toBe(false);
          reservedOnce.add(d.orderId!);
          held.set(d.orderId!, d.quantity);
        }
        if (e.type === 'ReservationReleased' || e.type === 'ReservationCommitted') held.delete(d.orderId!);
        const total = [...held.values()].reduce((a, b) => a + b, 0);
        expect(total, `${id} at version ${e.version}`).toBeLessThanOrEqual(received);
      }
      const expected = new Map(
        orders
          .filter((o) => outcome.get(o.id) === 'confirmed')
          .flatMap((o) => o.items.filter((i) => i.productId === id).map((i) => [o.id, i.quantity] as const)),
      );
      expect(new Map([...held].sort()), id).toEqual(new Map([...expected].sort()));
    }

    // The live read model equals a clean rebuild from the log.
    processes!.kill('SIGTERM');
    const db = openAppDb(join(app.dataDir, 'app.sqlite'));
    try {
      await settled(db, store, undefined, 60_000);
      expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
    } finally {
      db.$client.close();
    }
  }, 300_000);
});
