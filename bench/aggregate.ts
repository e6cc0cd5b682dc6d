// npm run bench:aggregate: loading a 10,000-event order through a snapshot vs a full replay, and end-to-end
// command throughput (AddItem on 1,000 orders, 32 in flight), on both event stores.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppDb } from '../db/client';
import { findProducts } from '../lib/catalog/products';
import { seedCatalog } from '../lib/catalog/seed';
import { aggregateStream } from '../lib/eventstore/aggregate-stream';
import { openRedisStore } from '../lib/eventstore/redis';
import { openSqliteStore } from '../lib/eventstore/sqlite';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';
import type { EventStore, JsonValue, NewEvent } from '../lib/eventstore/types';
import { orderStream } from '../lib/orders/events';
import { ORDER_STATE_SCHEMA_VERSION, orderStreamFolder } from '../lib/orders/order';
import { loadOrderAt } from '../lib/read/history';
import type { CommandResult } from '../lib/write/handler';
import { handleOrderCommand, type OrderWriteDeps } from '../lib/write/order-commands';

const loadOrder = (store: EventStore, orderId: string, { useSnapshots = true } = {}) =>
  aggregateStream(store, orderStream(orderId), orderStreamFolder, {}, useSnapshots);

import { fmt, type Measured, measure } from './lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const EVENTS = 10_000;
const SNAPSHOT_LAG = 25; // a load typically starts from a snapshot some events back (policy: every 50)
const ORDERS = Math.max(32, Math.round(1000 * SCALE));
const ann = { id: 'ann', staff: false };

async function longOrder(store: EventStore): Promise<string> {
  const orderId = randomUUID();
  const meta = { schemaVersion: 1, actor: 'ann' };
  const created: NewEvent = {
    type: 'OrderCreated',
    data: {
      orderId,
      customerId: 'ann',
      lines: [{ productId: 'mug', name: 'Stoneware mug', quantity: 1, unitPriceCents: 1800 }],
    },
    metadata: meta,
  };
  // A long but valid history: the quantity of one line goes up and down.
  const change = (v: number): NewEvent => ({
    type: 'ItemQuantityChanged',
    data: { orderId, productId: 'mug', quantity: (v % 7) + 1 },
    metadata: meta,
  });
  for (let v = 0; v < EVENTS; v += 1000) {
    const batch = Array.from({ length: 1000 }, (_, i) => (v + i === 0 ? created : change(v + i)));
    await store.append(orderStream(orderId), batch, { expectedVersion: v });
  }
  // The snapshot the handler would have taken, SNAPSHOT_LAG events before the end.
  const upTo = EVENTS - SNAPSHOT_LAG;
  const { state } = await loadOrderAt(store, orderId, { version: upTo }, false);
  const [at] = await store.readStream(orderStream(orderId), { fromVersion: upTo, toVersion: upTo });
  await store.saveSnapshot({
    streamId: orderStream(orderId),
    version: upTo,
    schemaVersion: ORDER_STATE_SCHEMA_VERSION,
    state: state as JsonValue,
    at: at!.recordedAt,
  });
  return orderId;
}

interface Row {
  store: string;
  snap: Measured;
  full: Measured;
  commands: Measured;
}

async function run(name: string, store: EventStore): Promise<Row> {
  const db = openAppDb(':memory:');
  seedCatalog(db);
  const deps: OrderWriteDeps = { store, products: (ids) => findProducts(db, ids), snapshotEvery: 50 };
  try {
    const orderId = await longOrder(store);
    const check = await loadOrder(store, orderId);
    if (check.version !== EVENTS || check.snapshotVersion !== EVENTS - SNAPSHOT_LAG) throw new Error('setup is wrong');
    await measure(20, 1, async () => (await loadOrder(store, orderId)).version); // warm up
    const snap = await measure(
      Math.round(500 * Math.max(SCALE, 0.2)),
      1,
      async () => (await loadOrder(store, orderId)).version,
    );
    const full = await measure(
      Math.round(30 * Math.max(SCALE, 0.2)),
      1,
      async () => (await loadOrder(store, orderId, { useSnapshots: false })).version,
    );
    console.error(
      `  ${name}: load with snapshot p50 ${fmt.ms(snap.p50ms)} ms, full replay p50 ${fmt.ms(full.p50ms)} ms`,
    );

    const ids = Array.from({ length: ORDERS }, () => randomUUID());
    const must = (r: CommandResult) => {
      if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
      return 1;
    };
    await measure(ORDERS, 32, async (i) =>
      must(
        await handleOrderCommand(
          deps,
          { type: 'CreateOrder', data: { orderId: ids[i]!, items: [{ productId: 'mug', quantity: 1 }] } },
          { commandId: randomUUID(), actor: ann },
        ),
      ),
    );
    const products = ['espresso-beans', 'filter-papers', 'oat-milk', 'biscotti'];
    const commands = await measure(ORDERS * 3, 32, async (i) =>
      must(
        await handleOrderCommand(
          deps,
          {
            type: 'AddItem',
            data: { orderId: ids[i % ORDERS]!, productId: products[i % products.length]!, quantity: 1 },
          },
          { commandId: randomUUID(), actor: ann },
        ),
      ),
    );
    console.error(`  ${name}: AddItem ${fmt.rate(commands.eventsPerSec)} commands/s`);
    return { store: name, snap, full, commands };
  } finally {
    db.$client.close();
  }
}

const rows: Row[] = [];
{
  const namespace = `bench-agg-${Date.now()}`;
  const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace });
  try {
    rows.push(await run('redis', store));
  } finally {
    await deleteNamespace(store.client, namespace);
    await store.close();
  }
}
{
  const dir = mkdtempSync(join(tmpdir(), 'orderly-bench-'));
  const store = openSqliteStore({ sqlitePath: join(dir, 'events.sqlite') });
  try {
    rows.push(await run('sqlite', store));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`\nAggregate, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, scale ${SCALE}\n`);
console.log(
  `Loading one order with ${fmt.rate(EVENTS)} events (snapshot ${SNAPSHOT_LAG} events back vs full replay):\n`,
);
console.log('| store | snapshot p50 ms | snapshot p99 ms | full replay p50 ms | full replay p99 ms | speed-up (p50) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.store} | ${fmt.ms(r.snap.p50ms)} | ${fmt.ms(r.snap.p99ms)} | ${fmt.ms(r.full.p50ms)} | ${fmt.ms(r.full.p99ms)} | ${Math.round(r.full.p50ms / r.snap.p50ms)}× |`,
  );
}
console.log(`\nAddItem commands end to end (load, decide, append), ${fmt.rate(ORDERS)} orders, 32 in flight:\n`);
console.log('| store | commands/s | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.store} | ${fmt.rate(r.commands.eventsPerSec)} | ${fmt.ms(r.commands.p50ms)} | ${fmt.ms(r.commands.p99ms)} |`,
  );
}
const redis = rows.find((r) => r.store === 'redis')!;
const speedup = redis.full.p50ms / redis.snap.p50ms;
console.log(
  `\nTargets (Redis): snapshot load ≥ 20× faster than full replay: ${Math.round(speedup)}× ${speedup >= 20 ? 'met' : 'NOT met'}; ` +
    `under 2 ms p50: ${fmt.ms(redis.snap.p50ms)} ms ${redis.snap.p50ms < 2 ? 'met' : 'NOT met'}`,
);
