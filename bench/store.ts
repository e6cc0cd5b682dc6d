// npm run bench:store: the event store on both adapters, each next to the minimal CORRECT event store on the same
// server, in the same run, with the same ~300-byte events (bench/payload.ts):
// - Redis baseline: one Lua script per append (LLEN as the version check, RPUSH of each full event as one JSON
//   string to the stream's list, XADD of each to the global log); a stream read is one LRANGE; the log is read with
//   XRANGE by id. Same client library and connection options as the store.
// - SQLite baseline: one connection, one IMMEDIATE transaction per append (version check, inserts, stream row),
//   with the same `synchronous` setting as the store.
// Every row prints the store's figure, the baseline's, their ratio and the target (docs/event-store.md). Each
// workload runs baseline and store alternately, three rounds each (B S B S B S), so that both meet the same
// conditions (the other load of a shared machine, Redis's growing tables); the ratio is the median of the three
// rounds' ratios, the figures are the rounds pooled.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { WrongExpectedVersionError } from '../lib/eventstore/errors';
import { connectRedis, openRedisStore, type RedisEventStore, redisClientOptions } from '../lib/eventstore/redis';
import { openSqliteStore, type SqliteSync } from '../lib/eventstore/sqlite';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';
import type { EventStore, RecordedEvent } from '../lib/eventstore/types';
import { fmt, type Measured, measure } from './lib';
import { BASELINE_APPEND, benchData, benchEvent, benchMetadata, fullEvent } from './payload';

const SCALE = Number(process.env.BENCH_SCALE ?? 1); // BENCH_SCALE=0.1 for a quick look
const n = (x: number) => Math.max(1, Math.round(x * SCALE));
const ALL_EVENTS = n(100_000);

/** The least a correct event store must offer, for the baseline. */
interface MinimalStore {
  append(streamId: string, count: number, expectedVersion: number | 'any'): Promise<'ok' | 'conflict'>;
  readStream(streamId: string): Promise<unknown[]>;
  readAll(from: number, limit: number): Promise<unknown[]>;
  catchUp(): Promise<number>;
  close(): Promise<void>;
}

interface Backend {
  name: string;
  store: EventStore;
  baseline: MinimalStore;
  /** Seconds of CPU the Redis server's main thread has used so far (INFO cpu); Redis backends only. */
  redisCpuSeconds?: () => Promise<number>;
  close(): Promise<void>;
}

async function minimalRedis(url: string, namespace: string): Promise<MinimalStore & { client: Redis }> {
  // Same client library and options as the store's own connection, so only the work differs.
  const redis = await connectRedis(url, redisClientOptions(2000));
  redis.defineCommand('baseAppend', { numberOfKeys: 2, lua: BASELINE_APPEND });
  const tag = `{${namespace}}`;
  const log = `${tag}:log`;
  const positions: string[] = []; // entry ids of the log, for reading it "by id" as the store does by position
  const parseEntries = (entries: [string, string[]][]) => entries.map(([, f]) => JSON.parse(f[1]!) as unknown);
  return {
    client: redis,
    append: async (streamId, count, expected) => {
      const events = Array.from({ length: count }, () => fullEvent(streamId));
      const [status] = (await (
        redis as unknown as { baseAppend(...a: string[]): Promise<[string, number]> }
      ).baseAppend(`${tag}:s:${streamId}`, log, String(expected === 'any' ? -1 : expected), ...events)) as [
        string,
        number,
      ];
      return status as 'ok' | 'conflict';
    },
    readStream: async (streamId) =>
      (await redis.lrange(`${tag}:s:${streamId}`, 0, -1)).map((e) => JSON.parse(e) as unknown),
    readAll: async (from, limit) => {
      const start = from === 1 ? '-' : positions[from - 2] ? `(${positions[from - 2]}` : '-';
      const entries = (await redis.xrange(log, start, '+', 'COUNT', limit)) as [string, string[]][];
      entries.forEach(([id], i) => {
        positions[from - 1 + i] = id;
      });
      return parseEntries(entries);
    },
    catchUp: async () => {
      let after = '0-0';
      let seen = 0;
      for (;;) {
        const reply = (await redis.xread('COUNT', 1000, 'STREAMS', log, after)) as
          | [string, [string, string[]][]][]
          | null;
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) return seen;
        seen += parseEntries(entries).length;
        after = entries.at(-1)![0];
      }
    },
    close: async () => {
      await deleteNamespace(redis, namespace);
      redis.disconnect();
    },
  };
}

function minimalSqlite(path: string, synchronous: SqliteSync): MinimalStore {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
  db.exec(`
    CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL,
      version INTEGER NOT NULL, type TEXT NOT NULL, recorded_at TEXT NOT NULL, data TEXT NOT NULL,
      metadata TEXT NOT NULL, UNIQUE (stream_id, version)) STRICT;
    CREATE TABLE streams (stream_id TEXT PRIMARY KEY, version INTEGER NOT NULL) STRICT, WITHOUT ROWID;`);
  const version = db.prepare<[string], { version: number }>('SELECT version FROM streams WHERE stream_id = ?');
  const insert = db.prepare(
    'INSERT INTO events (event_id, stream_id, version, type, recorded_at, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const upsert = db.prepare(
    'INSERT INTO streams VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version',
  );
  const byStream = db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY version');
  const all = db.prepare('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?');
  const parse = (rows: unknown[]) =>
    rows.map((r) => {
      const row = r as { data: string; metadata: string };
      return { ...row, data: JSON.parse(row.data) as unknown, metadata: JSON.parse(row.metadata) as unknown };
    });
  const tx = db.transaction((streamId: string, count: number, expected: number | 'any') => {
    const v = version.get(streamId)?.version ?? 0;
    if (expected !== 'any' && v !== expected) return 'conflict' as const;
    const at = new Date().toISOString();
    for (let i = 1; i <= count; i++) {
      insert.run(
        randomUUID(),
        streamId,
        v + i,
        'ItemAdded',
        at,
        JSON.stringify(benchData),
        JSON.stringify(benchMetadata()),
      );
    }
    upsert.run(streamId, v + count);
    return 'ok' as const;
  });
  return {
    append: async (streamId, count, expected) => tx.immediate(streamId, count, expected),
    readStream: async (streamId) => parse(byStream.all(streamId)),
    readAll: async (from, limit) => parse(all.all(from, limit)),
    catchUp: async () => {
      let seen = 0;
      for (;;) {
        const page = parse(all.all(seen + 1, 1000));
        if (page.length === 0) return seen;
        seen += page.length;
      }
    },
    close: async () => {
      db.close();
    },
  };
}

async function redisBackend(): Promise<Backend> {
  const url = testRedisUrl();
  const namespace = `bench-${Date.now()}`;
  const store = await openRedisStore({ redisUrl: url, namespace });
  const baseline = await minimalRedis(url, `${namespace}-minimal`);
  return {
    name: 'redis',
    store,
    baseline,
    redisCpuSeconds: async () => {
      const info = await store.client.info('cpu');
      const seconds = (field: string) => Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? Number.NaN);
      return seconds('used_cpu_user_main_thread') + seconds('used_cpu_sys_main_thread');
    },
    close: async () => {
      await baseline.close();
      await deleteNamespace(store.client, namespace);
      await store.close();
    },
  };
}

function sqliteBackend(synchronous: SqliteSync) {
  return async (): Promise<Backend> => {
    const dir = mkdtempSync(join(tmpdir(), 'orderly-bench-'));
    const store = openSqliteStore({ sqlitePath: join(dir, 'events.sqlite'), synchronous });
    const baseline = minimalSqlite(join(dir, 'minimal.sqlite'), synchronous);
    return {
      name: `sqlite ${synchronous}`,
      store,
      baseline,
      close: async () => {
        await baseline.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  };
}

/** CPU spent per event, µs: by Redis's main thread (INFO cpu) and by this process (both sides' client work). */
interface CpuPerEvent {
  redis: number;
  node: number;
}

interface Row {
  workload: string;
  store: string;
  unit: string;
  result: Measured;
  baseline: Measured;
  ratio: number;
  target?: number;
  cpu?: { store: CpuPerEvent; baseline: CpuPerEvent };
}

/** Seconds of CPU Redis's main thread has used, for the Redis backend (the server this run talks to). */
let redisCpuSeconds: (() => Promise<number>) | null = null;

/** Runs `work` and reports, beside its result, the CPU that Redis's main thread and this process spent on it. */
async function withCpu(work: () => Promise<Measured>): Promise<{ m: Measured; redisUs: number; nodeUs: number }> {
  const r0 = redisCpuSeconds ? await redisCpuSeconds() : 0;
  const n0 = process.cpuUsage();
  const m = await work();
  const n1 = process.cpuUsage(n0);
  const r1 = redisCpuSeconds ? await redisCpuSeconds() : 0;
  return { m, redisUs: (r1 - r0) * 1e6, nodeUs: n1.user + n1.system };
}

const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Rounds of one side pooled: events and seconds summed, the median round's latencies. */
function pooled(ms: Measured[]): Measured {
  const events = ms.reduce((n, m) => n + m.events, 0);
  const seconds = ms.reduce((n, m) => n + m.seconds, 0);
  return {
    ops: ms.reduce((n, m) => n + m.ops, 0),
    events,
    seconds,
    eventsPerSec: events / seconds,
    p50ms: median(ms.map((m) => m.p50ms)),
    p99ms: median(ms.map((m) => m.p99ms)),
  };
}

/**
 * Runs the baseline and the store alternately, ROUNDS times each (round = 0, 1, 2; each side's work must differ per
 * round where it writes). Returns both sides pooled and the median of the rounds' ratios (store / baseline).
 */
async function paired(
  runBaseline: (round: number) => Promise<Measured>,
  runStore: (round: number) => Promise<Measured>,
): Promise<{
  result: Measured;
  baseline: Measured;
  ratio: number;
  cpu: { store: CpuPerEvent; baseline: CpuPerEvent };
}> {
  const b: Measured[] = [];
  const r: Measured[] = [];
  const cpu = { store: { redis: 0, node: 0 }, baseline: { redis: 0, node: 0 } };
  const timed = async (side: CpuPerEvent, work: () => Promise<Measured>) => {
    const { m, redisUs, nodeUs } = await withCpu(work);
    side.redis += redisUs;
    side.node += nodeUs;
    return m;
  };
  // Each run starts from a collected heap (node --expose-gc), so that neither pays for the other's garbage: a full
  // collection after a 100,000-event read takes a good part of a catch-up's half second.
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
  for (let round = 0; round < ROUNDS; round++) {
    collect();
    b.push(await timed(cpu.baseline, () => runBaseline(round)));
    collect();
    r.push(await timed(cpu.store, () => runStore(round)));
  }
  const result = pooled(r);
  const baseline = pooled(b);
  const per = (side: CpuPerEvent, events: number) => ({ redis: side.redis / events, node: side.node / events });
  return {
    result,
    baseline,
    ratio: median(r.map((m, i) => m.eventsPerSec / b[i]!.eventsPerSec)),
    cpu: { store: per(cpu.store, result.events), baseline: per(cpu.baseline, baseline.events) },
  };
}

const appendOne = (s: EventStore, streamId: string) =>
  s.append(streamId, [benchEvent()], { expectedVersion: 0 }).then(() => 1);

/** 8 writers on one stream: read it, append one event with the version read, retry on a conflict. */
async function contended(
  successes: number,
  attempt: (streamId: string) => Promise<boolean>,
  prefix: string,
): Promise<Measured> {
  let done = 0;
  const m = await measure(8, 8, async () => {
    let mine = 0;
    while (done < successes) {
      // A new stream every 100 events, so that reads stay the size of a snapshot interval.
      if (await attempt(`${prefix}-${Math.floor(done / 100)}`)) {
        done++;
        mine++;
      }
    }
    return mine;
  });
  return { ...m, eventsPerSec: done / m.seconds };
}

async function run(b: Backend, appendsOnly: boolean): Promise<Row[]> {
  const rows: Row[] = [];
  const s = b.store;
  const base = b.baseline;
  const log = (
    workload: string,
    unit: string,
    {
      result,
      baseline,
      ratio,
      cpu,
    }: { result: Measured; baseline: Measured; ratio: number; cpu: { store: CpuPerEvent; baseline: CpuPerEvent } },
    target?: number,
  ) => {
    rows.push({ workload, store: b.name, unit, result, baseline, ratio, target, cpu });
    console.error(
      `  ${b.name} ${workload}: ${fmt.rate(result.eventsPerSec)} ${unit} vs ${fmt.rate(baseline.eventsPerSec)} (${fmt.ratio(ratio)}${target ? `, target ≥ ${target}` : ''})`,
    );
  };
  const run = randomUUID().slice(0, 8);

  for (const inFlight of [1, 32]) {
    const total = n(inFlight === 1 ? 5_000 : 30_000);
    // Warm up both (script load, JIT, connections).
    await measure(n(1000), inFlight, (i) => appendOne(s, `warm-${run}-${inFlight}-${i}`));
    await measure(n(1000), inFlight, (i) => base.append(`warm-${run}-${inFlight}-${i}`, 1, 0).then(() => 1));
    const each = Math.ceil(total / ROUNDS);
    const m = await paired(
      (k) => measure(each, inFlight, (i) => base.append(`one-${run}-${inFlight}-${k}-${i}`, 1, 0).then(() => 1)),
      (k) => measure(each, inFlight, (i) => appendOne(s, `one-${run}-${inFlight}-${k}-${i}`)),
    );
    log(`append 1 event, ${inFlight} in flight`, 'events/s', m, inFlight === 32 ? 0.7 : undefined);
  }
  {
    const each = Math.ceil(n(3_000) / ROUNDS);
    const m = await paired(
      (k) => measure(each, 32, (i) => base.append(`b10-${run}-${k}-${i}`, 10, 0).then(() => 10)),
      (k) =>
        measure(each, 32, (i) =>
          s
            .append(`b10-${run}-${k}-${i}`, Array.from({ length: 10 }, benchEvent), { expectedVersion: 0 })
            .then(() => 10),
        ),
    );
    log('append batches of 10, 32 in flight', 'events/s', m, 0.8);
  }
  {
    const successes = Math.ceil(n(2_000) / ROUNDS);
    const m = await paired(
      (k) =>
        contended(
          successes,
          async (id) => (await base.append(id, 1, (await base.readStream(id)).length)) === 'ok',
          `hot-${run}-${k}`,
        ),
      (k) =>
        contended(
          successes,
          async (id) => {
            const events = await s.readStream(id);
            try {
              await s.append(id, [benchEvent()], { expectedVersion: events.length });
              return true;
            } catch (error) {
              if (error instanceof WrongExpectedVersionError) return false;
              throw error;
            }
          },
          `hot-${run}-${k}`,
        ),
    );
    log('8 writers on one stream (read, append at the version read, retry on conflict)', 'successes/s', m, 0.6);
  }
  if (appendsOnly) return rows;
  {
    const id = `long-${run}`;
    for (let v = 0; v < 1000; v += 100) {
      await s.append(id, Array.from({ length: 100 }, benchEvent), { expectedVersion: v });
      await base.append(id, 100, v);
    }
    const reads = Math.ceil(n(300) / ROUNDS);
    const m = await paired(
      () => measure(reads, 1, async () => (await base.readStream(id)).length),
      () => measure(reads, 1, async () => (await s.readStream(id, { limit: 1000 })).length),
    );
    log('read one 1,000-event stream', 'events/s', m, 0.6);
  }
  {
    const streams = n(1000);
    for (let i = 0; i < streams; i++) {
      await s.append(`ten-${run}-${i}`, Array.from({ length: 10 }, benchEvent), { expectedVersion: 0 });
      await base.append(`ten-${run}-${i}`, 10, 0);
    }
    const m = await paired(
      () => measure(streams, 32, async (i) => (await base.readStream(`ten-${run}-${i}`)).length),
      () => measure(streams, 32, async (i) => (await s.readStream(`ten-${run}-${i}`)).length),
    );
    log('read 1,000 streams of 10, 32 in flight', 'events/s', m, 0.6);
  }
  {
    // Fill both logs up to ALL_EVENTS, then read them whole, 1,000 at a time, and catch up a subscription.
    for (let head = await s.headPosition(), k = 0; head < ALL_EVENTS; k++) {
      const count = Math.min(100, ALL_EVENTS - head);
      await s.append(`fill-${run}-${k}`, Array.from({ length: count }, benchEvent), { expectedVersion: 0 });
      await base.append(`fill-${run}-${k}`, count, 0);
      head += count;
    }
    const pages = Math.ceil(ALL_EVENTS / 1000);
    const m = await paired(
      () => measure(pages, 1, async (i) => (await base.readAll(i * 1000 + 1, 1000)).length),
      () => measure(pages, 1, async (i) => (await s.readAll({ fromPosition: i * 1000 + 1, limit: 1000 })).length),
    );
    log(`readAll of ${fmt.rate(ALL_EVENTS)} events, pages of 1,000`, 'events/s', m, 0.8);

    const head = await s.headPosition();
    const catchUps = await paired(
      () => measure(1, 1, () => base.catchUp()),
      () =>
        measure(1, 1, async () => {
          let seen = 0;
          await new Promise<void>((resolve, reject) => {
            const sub = s.subscribeToAll({ fromPosition: 1, maxBatch: 1000 }, (batch: RecordedEvent[]) => {
              seen += batch.length;
              if (batch.at(-1)!.position >= head) sub.close().then(resolve, reject);
            });
          });
          return seen;
        }),
    );
    log(`subscription catch-up over ${fmt.rate(head)} events`, 'events/s', catchUps, 0.8);
  }
  return rows;
}

/** Bytes per event in Redis: used_memory delta, and the namespace's keys by MEMORY USAGE (the ids index apart). */
async function redisMemory(): Promise<{ lines: string[]; missed: number }> {
  const url = testRedisUrl();
  const events = n(100_000);
  const probe = new Redis(url);
  const used = async () => {
    // Wait for keys deleted in the background (UNLINK) to be freed, so the delta is this fill's alone.
    for (;;) {
      const info = await probe.info('memory');
      if (/lazyfree_pending_objects:0\b/.test(info)) return Number(/used_memory:(\d+)/.exec(info)![1]);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const keysUsage = async (namespace: string) => {
    let cursor = '0';
    let bytes = 0;
    const byKind = new Map<string, number>();
    do {
      const [next, keys] = await probe.scan(cursor, 'MATCH', `{${namespace}}:*`, 'COUNT', 1000);
      for (const key of keys) {
        const b = Number(await probe.memory('USAGE', key, 'SAMPLES', 0));
        bytes += b;
        const kind = key.slice(`{${namespace}}:`.length).split(':')[0]!;
        byKind.set(kind, (byKind.get(kind) ?? 0) + b);
      }
      cursor = next;
    } while (cursor !== '0');
    return { bytes, byKind };
  };
  const lines: string[] = [];
  const fill = async (append: (streamId: string) => Promise<unknown>) => {
    // App-like: streams of 10 events (orders), one event per append.
    await measure(events, 32, async (i) => {
      await append(`order-${Math.floor(i / 10)}`);
      return 1;
    });
  };
  const ns = `bench-mem-${Date.now()}`;
  const before = await used();
  const store: RedisEventStore = await openRedisStore({ redisUrl: url, namespace: ns });
  await fill((id) => store.append(id, [benchEvent()], { expectedVersion: 'any' }));
  const storeDelta = (await used()) - before;
  const storeKeys = await keysUsage(ns);
  await deleteNamespace(probe, ns);
  await store.close();

  const minimal = await minimalRedis(url, `${ns}-minimal`);
  const before2 = await used();
  await fill((id) => minimal.append(id, 1, 'any'));
  const baseDelta = (await used()) - before2;
  const baseKeys = await keysUsage(`${ns}-minimal`);
  await minimal.close();
  probe.disconnect();

  const per = (b: number) => fmt.rate(b / events);
  console.error('  memory by key kind, bytes per event:', {
    orderly: Object.fromEntries([...storeKeys.byKind].map(([k, v]) => [k, Math.round(v / events)])),
    minimal: Object.fromEntries([...baseKeys.byKind].map(([k, v]) => [k, Math.round(v / events)])),
  });
  const ids = storeKeys.byKind.get('eventids') ?? 0;
  // The target is no more than the baseline's: compared unrounded.
  const target = (ratio: number) => (ratio <= 1 ? '≤ 1.00 met' : '≤ 1.00 NOT met');
  const usedRatio = storeDelta / baseDelta;
  const usage = storeKeys.bytes / baseKeys.bytes;
  lines.push(
    `| memory per event, used_memory delta over ${fmt.rate(events)} events | redis | ${per(storeDelta)} B | ${per(baseDelta)} B | ${fmt.ratio(usedRatio)} | ${target(usedRatio)} |`,
    `| memory per event, MEMORY USAGE of the namespace's keys | redis | ${per(storeKeys.bytes)} B | ${per(baseKeys.bytes)} B | ${fmt.ratio(usage)} | ${target(usage)} |`,
    `| of which the idempotency index ({ns}:eventids) | redis | ${per(ids)} B (${fmt.rate(((ids / events) * 1e6) / 2 ** 20)} MiB per million events) | | | |`,
  );
  return { lines, missed: (usedRatio > 1 ? 1 : 0) + (usage > 1 ? 1 : 0) };
}

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const plan: [() => Promise<Backend>, boolean][] = [
  [redisBackend, false],
  [sqliteBackend('normal'), false],
  [sqliteBackend('full'), true],
];
const rows: Row[] = [];
for (const [open, appendsOnly] of plan) {
  const backend = await open();
  if (only && !backend.name.startsWith(only)) {
    await backend.close();
    continue;
  }
  console.error(`${backend.name}…`);
  redisCpuSeconds = backend.redisCpuSeconds ?? null;
  try {
    rows.push(...(await run(backend, appendsOnly)));
  } finally {
    await backend.close();
  }
}
const memory = !only || only === 'redis' || only === 'memory' ? await redisMemory() : { lines: [], missed: 0 };

console.log(
  `\nEvent store vs the minimal correct store, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, scale ${SCALE}`,
);
console.log(
  `(ratio: the median of ${ROUNDS} alternating rounds; p50/p99: per call; the SQLite rows compare at the same synchronous setting)\n`,
);
console.log('| workload | store | Orderly | minimal correct store | ratio | target | p50 ms | p99 ms |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
let missed = 0;
for (const r of rows) {
  const ratio = r.ratio;
  const met = r.target === undefined ? '' : ratio >= r.target ? ` ≥ ${r.target} met` : ` ≥ ${r.target} NOT met`;
  if (r.target !== undefined && ratio < r.target && r.store === 'redis') missed++;
  console.log(
    `| ${r.workload} | ${r.store} | ${fmt.rate(r.result.eventsPerSec)} ${r.unit} | ${fmt.rate(r.baseline.eventsPerSec)} | ${fmt.ratio(ratio)} |${met} | ${fmt.ms(r.result.p50ms)} | ${fmt.ms(r.result.p99ms)} |`,
  );
}
const redisRows = rows.filter((r) => r.store === 'redis' && r.cpu);
if (redisRows.length > 0) {
  // Where the time goes: CPU per event (per success in the 8-writer row) of Redis's one thread and of this process.
  console.log(
    '\n| workload (redis) | Redis CPU µs per event, Orderly | minimal | ratio | client CPU µs per event, Orderly | minimal |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of redisRows) {
    const c = r.cpu!;
    console.log(
      `| ${r.workload} | ${c.store.redis.toFixed(1)} | ${c.baseline.redis.toFixed(1)} | ${fmt.ratio(c.store.redis / c.baseline.redis)} | ${c.store.node.toFixed(1)} | ${c.baseline.node.toFixed(1)} |`,
    );
  }
}
if (memory.lines.length > 0) {
  console.log('\n| memory | store | Orderly | minimal correct store | ratio | target |\n|---|---|---:|---:|---:|---:|');
  for (const line of memory.lines) console.log(line);
}
console.log(`\nRedis targets missed: ${missed + memory.missed}`);
