// npm run bench:store: the event store's append and read rates on both adapters, each next to a baseline of the
// least its backend must do (raw ioredis XADD / raw better-sqlite3 inserts of the same rows), in the same run.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { openRedisStore, redisClientOptions, redisKeys } from '../lib/eventstore/redis';
import { openSqliteStore, SQLITE_SCHEMA } from '../lib/eventstore/sqlite';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';
import type { EventStore, NewEvent } from '../lib/eventstore/types';
import { fmt, type Measured, measure, type Row, table } from './lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1); // BENCH_SCALE=0.1 for a quick look
const n = (x: number) => Math.max(1, Math.round(x * SCALE));
const ALL_EVENTS = n(100_000);

const payload = {
  orderId: randomUUID(),
  productId: 'espresso-beans-1kg',
  name: 'Espresso beans, 1 kg',
  quantity: 2,
  unitPriceCents: 1200,
};
const metadata = { actor: 'bench', commandId: randomUUID(), correlationId: randomUUID() };
const event = (): NewEvent => ({ type: 'ItemAdded', data: payload, metadata });
const data = JSON.stringify(payload);
const meta = JSON.stringify(metadata);

interface Backend {
  name: string;
  store: EventStore;
  /** The least an append must do, for `events` events in one call. */
  rawAppend(streamId: string, events: number): Promise<void>;
  rawReadStream(streamId: string): Promise<number>;
  rawReadAll(from: number, limit: number): Promise<number>;
  close(): Promise<void>;
}

async function redisBackend(): Promise<Backend> {
  const url = testRedisUrl();
  const namespace = `bench-${Date.now()}`;
  const store = await openRedisStore({ redisUrl: url, namespace });
  // Same client options as the store's own connection, so only the work differs.
  const raw = new Redis(url, { ...redisClientOptions(2000), lazyConnect: false });
  const rawKeys = redisKeys(`${namespace}-raw`);
  let pos = 0;
  const fields = (streamId: string, v: number) =>
    ['e', randomUUID(), 's', streamId, 'v', v, 't', 'ItemAdded', 'r', Date.now(), 'd', data, 'm', meta] as const;
  return {
    name: 'redis',
    store,
    rawAppend: async (streamId, events) => {
      if (events === 1) {
        await raw.xadd(rawKeys.log, `${++pos}-0`, ...fields(streamId, 1));
        return;
      }
      const p = raw.pipeline();
      for (let i = 0; i < events; i++) p.xadd(rawKeys.log, `${++pos}-0`, ...fields(streamId, i + 1));
      await p.exec();
    },
    rawReadStream: async () => (await raw.xrange(rawKeys.log, '-', '+', 'COUNT', 1000)).length,
    rawReadAll: async (from, limit) => (await raw.xrange(rawKeys.log, `${from}-0`, '+', 'COUNT', limit)).length,
    close: async () => {
      await deleteNamespace(raw, namespace);
      await deleteNamespace(raw, `${namespace}-raw`);
      raw.disconnect();
      await store.close();
    },
  };
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'orderly-bench-'));
  const store = openSqliteStore({ sqlitePath: join(dir, 'events.sqlite') });
  const raw = new Database(join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  // The same tables and constraints as the store: the baseline does the inserts without the store's checks.
  raw.exec(SQLITE_SCHEMA);
  const insert = raw.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const readStream = raw.prepare('SELECT * FROM events ORDER BY position LIMIT 1000');
  const readAll = raw.prepare('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?');
  let pos = 0;
  const appendTx = raw.transaction((streamId: string, events: number) => {
    const at = new Date().toISOString();
    const first = pos + 1;
    for (let i = 0; i < events; i++) {
      insert.run(++pos, randomUUID(), streamId, i + 1, 'ItemAdded', at, data, meta, first, events, '0');
    }
  });
  return {
    name: 'sqlite',
    store,
    rawAppend: async (streamId, events) => appendTx(streamId, events),
    rawReadStream: async () => readStream.all().map((r) => JSON.parse((r as { data: string }).data)).length,
    rawReadAll: async (from, limit) =>
      readAll.all(from, limit).map((r) => JSON.parse((r as { data: string }).data)).length,
    close: async () => {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function run(b: Backend): Promise<Row[]> {
  const rows: Row[] = [];
  const s = b.store;
  const log = (scenario: string, result: Measured, baseline?: Measured) => {
    rows.push({ scenario, store: b.name, result, baseline });
    const ratio = baseline ? ` (${fmt.ratio(result.eventsPerSec / baseline.eventsPerSec)} of baseline)` : '';
    console.error(`  ${b.name} ${scenario}: ${fmt.rate(result.eventsPerSec)} events/s${ratio}`);
  };
  const run = randomUUID().slice(0, 8);

  for (const inFlight of [1, 32]) {
    const total = n(inFlight === 1 ? 5_000 : 30_000);
    // Warm up both paths (script load, JIT, connections).
    await measure(500, inFlight, (i) =>
      s.append(`warm-${run}-${inFlight}-${i}`, [event()], { expectedVersion: 0 }).then(() => 1),
    );
    await measure(500, inFlight, (i) => b.rawAppend(`rawwarm-${inFlight}-${i}`, 1).then(() => 1));
    const baseline = await measure(total, inFlight, (i) => b.rawAppend(`raw-${inFlight}-${i}`, 1).then(() => 1));
    const result = await measure(total, inFlight, (i) =>
      s.append(`one-${run}-${inFlight}-${i}`, [event()], { expectedVersion: 0 }).then(() => 1),
    );
    log(`append 1 event, distinct streams, ${inFlight} in flight`, result, baseline);
  }

  {
    const total = n(3_000);
    const batch = () => Array.from({ length: 10 }, event);
    const baseline = await measure(total, 32, (i) => b.rawAppend(`rawb-${i}`, 10).then(() => 10));
    const result = await measure(total, 32, (i) =>
      s.append(`batch-${run}-${i}`, batch(), { expectedVersion: 0 }).then(() => 10),
    );
    log('append batches of 10, 32 in flight', result, baseline);
  }

  {
    const streamId = `long-${run}`;
    for (let v = 0; v < 1000; v += 100) {
      await s.append(streamId, Array.from({ length: 100 }, event), { expectedVersion: v });
    }
    const reads = n(300);
    const baseline = await measure(reads, 1, () => b.rawReadStream(streamId));
    const result = await measure(reads, 1, async () => (await s.readStream(streamId, { limit: 1000 })).length);
    log('read one 1,000-event stream', result, baseline);
  }

  {
    // Fill the log up to ALL_EVENTS (the rows above are part of it), then read it all, 1,000 at a time.
    let head = await s.headPosition();
    let k = 0;
    while (head < ALL_EVENTS) {
      const count = Math.min(100, ALL_EVENTS - head);
      await s.append(`fill-${run}-${k++}`, Array.from({ length: count }, event), { expectedVersion: 0 });
      head += count;
    }
    let rawHead = 0;
    while ((await b.rawReadAll(rawHead + 1, 1000)) === 1000) rawHead += 1000;
    for (let i = 0; rawHead < ALL_EVENTS; i++, rawHead += 100) await b.rawAppend(`rawfill-${i}`, 100);
    const pages = Math.ceil(ALL_EVENTS / 1000);
    const baseline = await measure(pages, 1, (i) => b.rawReadAll(i * 1000 + 1, 1000));
    const result = await measure(
      pages,
      1,
      async (i) => (await s.readAll({ fromPosition: i * 1000 + 1, limit: 1000 })).length,
    );
    log(`readAll of ${fmt.rate(ALL_EVENTS)} events, pages of 1,000`, result, baseline);
  }
  return rows;
}

const backends = process.argv.includes('--sqlite-only') ? [sqliteBackend] : [redisBackend, sqliteBackend];
const rows: Row[] = [];
for (const open of backends) {
  const backend = await open();
  console.error(`${backend.name}…`);
  try {
    rows.push(...(await run(backend)));
  } finally {
    await backend.close();
  }
}
console.log(`\nEvent store, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, scale ${SCALE}`);
console.log('(p50/p99: per append call, per stream read, per readAll page)\n');
console.log(table(rows));
const target = rows.find(
  (r) => r.store === 'redis' && r.scenario.includes('32 in flight') && r.scenario.includes('1 event'),
);
if (target?.baseline) {
  const ratio = target.result.eventsPerSec / target.baseline.eventsPerSec;
  console.log(
    `\nTarget: Redis single-event append at 32 in flight ≥ 0.6 of baseline: ${fmt.ratio(ratio)} ${ratio >= 0.6 ? 'met' : 'NOT met'}`,
  );
}
