// npm run bench:projections: rebuild rate over 100,000 events (next to raw better-sqlite3 batched inserts of the
// very rows the rebuild produced), and live lag (append → committed in SQLite) while appending 500 events/s.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppDb } from '../db/client';
import { openRedisStore } from '../lib/eventstore/redis';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';
import { orderStream } from '../lib/orders/events';
import { PROJECTIONS, tablesOf } from '../lib/read/projections';
import { rebuildProjections } from '../lib/read/rebuild';
import { waitUntilCaughtUp } from '../lib/read/status';
import { orderHistory, rng, startProjector } from '../lib/read/testing';
import { fmt } from './lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const EVENTS = Math.round(100_000 * SCALE);
const LIVE_SECONDS = Math.max(2, Math.round(20 * SCALE));
const LIVE_RATE = 500;

const random = rng(7);

const namespace = `bench-proj-${Date.now()}`;
const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace });
const dir = mkdtempSync(join(tmpdir(), 'orderly-bench-proj-'));
try {
  let customers = 0;
  while ((await store.headPosition()) < EVENTS) {
    const orderId = randomUUID();
    await store.append(orderStream(orderId), orderHistory(orderId, `customer-${customers++ % 500}`, random), {
      expectedVersion: 0,
    });
  }
  const head = await store.headPosition();
  console.error(`${head} events in the log`);

  // ---- rebuild vs raw inserts of the same rows ------------------------------------------------------------------
  const db = openAppDb(join(dir, 'rebuild.sqlite'));
  const r = await rebuildProjections(db, store, PROJECTIONS, { pageSize: 1000 });
  // Baseline: the rows this rebuild produced, inserted with raw prepared statements, 500 per transaction.
  const raw = openAppDb(join(dir, 'raw.sqlite')).$client;
  const tables = tablesOf(PROJECTIONS).map((table) => ({
    table,
    data: db.$client.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][],
  }));
  const baselineStarted = performance.now();
  let rowCount = 0;
  for (const { table, data } of tables) {
    if (data.length === 0) continue;
    const insert = raw.prepare(`INSERT INTO ${table} VALUES (${data[0]!.map(() => '?').join(', ')})`);
    const tx = raw.transaction((chunk: unknown[][]) => {
      for (const row of chunk) insert.run(row);
    });
    for (let i = 0; i < data.length; i += 500) tx(data.slice(i, i + 500));
    rowCount += data.length;
  }
  const baseline = (performance.now() - baselineStarted) / 1000;
  raw.close();
  const perTable = tables.map((t) => `${t.table} ${fmt.rate(t.data.length)}`).join(', ');
  console.error(`  rebuild: ${fmt.rate(head / r.seconds)} events/s (baseline ${fmt.rate(head / baseline)})`);
  db.$client.close();

  // ---- live lag ------------------------------------------------------------------------------------------------
  const liveDb = openAppDb(join(dir, 'live.sqlite'));
  // Catch up first, then measure only the live part.
  const projector = startProjector(liveDb, store, { leaseTtlMs: 5000 });
  await waitUntilCaughtUp(liveDb, store, undefined, 600_000);
  const drafts: string[] = [];
  for (let i = 0; i < 200; i++) {
    const orderId = randomUUID();
    await store.append(orderStream(orderId), orderHistory(orderId, 'live', random).slice(0, 1), { expectedVersion: 0 });
    drafts.push(orderId);
  }
  await waitUntilCaughtUp(liveDb, store, undefined, 60_000);
  const sentAt = new Map<number, number>();
  const lags: number[] = [];
  const base = await store.headPosition();
  let committed = base;
  const off = projector.onStatus((status) => {
    const now = performance.now();
    const upTo = Math.min(...status.map((s) => s.checkpoint));
    for (let p = committed + 1; p <= upTo; p++) {
      const t0 = sentAt.get(p);
      if (t0 !== undefined) lags.push(now - t0);
      sentAt.delete(p);
    }
    committed = Math.max(committed, upTo);
  });
  const total = LIVE_RATE * LIVE_SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / LIVE_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const orderId = drafts[i % drafts.length]!;
    // This is the only writer: the event's position is known before the append, so the clock starts before it.
    sentAt.set(base + i + 1, performance.now());
    const r = await store.append(
      orderStream(orderId),
      [
        {
          type: 'ItemQuantityChanged',
          data: { orderId, productId: 'p0', quantity: 1 + (i % 9) },
          metadata: { schemaVersion: 1 },
        },
      ],
      { expectedVersion: 'any' },
    );
    if (r.positions[0] !== base + i + 1) throw new Error('another writer is using this namespace');
  }
  const achieved = total / ((performance.now() - started) / 1000);
  await waitUntilCaughtUp(liveDb, store, undefined, 60_000);
  await new Promise((r) => setTimeout(r, 50));
  off();
  await projector.stop();
  liveDb.$client.close();
  lags.sort((a, b) => a - b);
  const pct = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))]!;

  console.log(
    `\nProjections, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, scale ${SCALE}, Redis event store\n`,
  );
  console.log(
    `Rebuild of both projections in one pass over ${fmt.rate(head)} events (read from Redis, written to SQLite), against raw better-sqlite3 inserting the same rows 500 per transaction:\n`,
  );
  console.log('| rows written | rebuild s | rebuild events/s | baseline s | baseline events/s | ratio |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${fmt.rate(rowCount)} | ${r.seconds.toFixed(2)} | ${fmt.rate(head / r.seconds)} | ${baseline.toFixed(2)} | ${fmt.rate(head / baseline)} | ${fmt.ratio(baseline / r.seconds)} |`,
  );
  console.log(`\nRows: ${perTable}.`);
  console.log(
    `\nLive lag, append → committed in SQLite (both projections), ${fmt.rate(achieved)} events/s for ${LIVE_SECONDS} s (${lags.length} events):\n`,
  );
  console.log('| p50 ms | p99 ms | max ms |');
  console.log('|---:|---:|---:|');
  console.log(`| ${fmt.ms(pct(0.5))} | ${fmt.ms(pct(0.99))} | ${fmt.ms(lags.at(-1)!)} |`);
  const rate = head / r.seconds;
  const ratio = baseline / r.seconds;
  console.log(
    `\nTargets: rebuild ≥ 50,000 events/s: ${fmt.rate(rate)} ${rate >= 50_000 ? 'met' : 'NOT met'}; ≥ 0.3 of baseline: ${fmt.ratio(ratio)} ${ratio >= 0.3 ? 'met' : 'NOT met'}; ` +
      `live lag p99 < 50 ms: ${fmt.ms(pct(0.99))} ${pct(0.99) < 50 ? 'met' : 'NOT met'}`,
  );
} finally {
  await deleteNamespace(store.client, namespace);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
