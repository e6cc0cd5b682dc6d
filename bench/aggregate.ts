// npm run bench:aggregate: loading a 10,000-event order through a snapshot vs a full replay, and end-to-end
// command throughput (AddItem on 1,000 orders, 32 in flight), on both event stores: with prices read from the
// products' own streams (what the app does) next to prices read from a catalog table (what it did before).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { openAppDb } from '../db/client';
import { aggregateStream } from '../lib/eventstore/aggregate-stream';
import { openRedisStore } from '../lib/eventstore/redis';
import { openSqliteStore } from '../lib/eventstore/sqlite';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';
import type { EventStore, JsonValue, NewEvent } from '../lib/eventstore/types';
import { orderStream } from '../lib/orders/events';
import { ORDER_STATE_SCHEMA_VERSION, orderStreamFolder } from '../lib/orders/order';
import { loadOrderAt } from '../lib/read/history';
import { catalogProducts } from '../lib/read/projections/catalog/tables';
import { rebuildProjections } from '../lib/read/rebuild';
import type { CommandResult } from '../lib/write/handler';
import { handleOrderCommand, type OrderWriteDeps, type ProductLookup } from '../lib/write/order-commands';
import { listedCatalog } from '../lib/write/testing';

const loadOrder = (store: EventStore, orderId: string, { useSnapshots = true } = {}) =>
  aggregateStream(store, orderStream(orderId), orderStreamFolder, { useSnapshots });

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
  const { state } = await loadOrderAt(store, orderId, { version: upTo }, { useSnapshots: false });
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
  /** Prices from the products' own streams (the app). */
  commands: Measured;
  /** Prices from a catalog table, the catalog read model (the release before). */
  fromTable: Measured;
}

async function run(name: string, store: EventStore): Promise<Row> {
  const db = openAppDb(':memory:');
  const fromStreams = await listedCatalog(store);
  await rebuildProjections(db, store); // the catalog read model: the table the release before read prices from
  const fromTable: ProductLookup = (ids) =>
    new Map(
      db
        .select()
        .from(catalogProducts)
        .where(inArray(catalogProducts.id, ids))
        .all()
        .map((p) => [p.id, { id: p.id, name: p.name, priceCents: p.priceCents, active: p.active }]),
    );
  const deps: OrderWriteDeps = { store, products: fromStreams, snapshotEvery: 50 };
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
    const addItems = (lookup: ProductLookup) =>
      measure(ORDERS * 3, 32, async (i) =>
        must(
          await handleOrderCommand(
            { ...deps, products: lookup },
            {
              type: 'AddItem',
              data: { orderId: ids[i % ORDERS]!, productId: products[i % products.length]!, quantity: 1 },
            },
            { commandId: randomUUID(), actor: ann },
          ),
        ),
      );
    // Alternating, so that neither gets the warmer machine.
    const table1 = await addItems(fromTable);
    const streams1 = await addItems(fromStreams);
    const table2 = await addItems(fromTable);
    const streams2 = await addItems(fromStreams);
    const better = (a: Measured, b: Measured) => (a.eventsPerSec >= b.eventsPerSec ? a : b);
    const commands = better(streams1, streams2);
    const fromTableBest = better(table1, table2);
    console.error(
      `  ${name}: AddItem ${fmt.rate(commands.eventsPerSec)} commands/s (prices from a table: ${fmt.rate(fromTableBest.eventsPerSec)})`,
    );
    return { store: name, snap, full, commands, fromTable: fromTableBest };
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
console.log(
  `\nAddItem commands end to end (load, decide, append), ${fmt.rate(ORDERS)} orders, 32 in flight; prices from the ` +
    "products' own streams (the app) and from a catalog table (the release before), best of two runs each:\n",
);
console.log('| store | commands/s | p50 ms | p99 ms | from a table: commands/s | p50 ms | p99 ms | ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.store} | ${fmt.rate(r.commands.eventsPerSec)} | ${fmt.ms(r.commands.p50ms)} | ${fmt.ms(r.commands.p99ms)} | ` +
      `${fmt.rate(r.fromTable.eventsPerSec)} | ${fmt.ms(r.fromTable.p50ms)} | ${fmt.ms(r.fromTable.p99ms)} | ` +
      `${(r.commands.eventsPerSec / r.fromTable.eventsPerSec).toFixed(2)} |`,
  );
}
const redis = rows.find((r) => r.store === 'redis')!;
const speedup = redis.full.p50ms / redis.snap.p50ms;
console.log(
  `\nTargets (Redis): snapshot load ≥ 20× faster than full replay: ${Math.round(speedup)}× ${speedup >= 20 ? 'met' : 'NOT met'}; ` +
    `under 2 ms p50: ${fmt.ms(redis.snap.p50ms)} ms ${redis.snap.p50ms < 2 ? 'met' : 'NOT met'}; ` +
    `AddItem with prices from product streams ≥ 0.9 of from a table: ` +
    `${(redis.commands.eventsPerSec / redis.fromTable.eventsPerSec).toFixed(2)} ${redis.commands.eventsPerSec >= 0.9 * redis.fromTable.eventsPerSec ? 'met' : 'NOT met'}`,
);
