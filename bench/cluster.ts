// npm run bench:cluster: commands/s and push latency through nginx with 1, 2 and 3 nodes over one Redis (on this
// 2-core machine the ratio to one node shows the overhead of more nodes, not scaling), then one Redis's ceiling:
// appends/s at saturation, and memory per stored event.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { openRedisStore } from '../lib/eventstore/redis';
import type { OrderUpdated } from '../lib/live/events';
import { Client } from '../lib/testing/app-server';
import { startCluster } from '../lib/testing/cluster';
import { startRedisServer } from '../lib/testing/redis-server';
import { fmt, type Measured, measure } from './lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const COMMANDS = Math.max(200, Math.round(1500 * SCALE));
const CLIENTS = 16;

interface ClusterRow {
  nodes: number;
  commands: Measured;
  pushP50: number;
  pushP99: number;
  missing: number;
}

async function runCluster(nodes: number): Promise<ClusterRow> {
  // Few users send every command: their budget (COMMANDS_PER_SECOND) is lifted to measure the cluster.
  const cluster = await startCluster({ nodes, env: { LOG_LEVEL: 'error', COMMANDS_PER_SECOND: '1000000' } });
  const sockets: Socket[] = [];
  try {
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        new Client(cluster.url).signUpAndIn(`b${nodes}-${i}-${randomUUID().slice(0, 4)}`),
      ),
    );
    // One order per command in flight (two per client), so that commands do not race each other on one order.
    const orders = await Promise.all(
      Array.from({ length: 32 }, async (_, k) => {
        const r = await clients[k % CLIENTS]!.call('POST', '/api/orders', {
          items: [{ productId: 'mug', quantity: 1 }],
        });
        if (r.status !== 201) throw new Error(`creating an order: ${r.status} ${JSON.stringify(r.json)}`);
        return (r.json as unknown as { id: string }).id;
      }),
    );
    // Each client's socket, through nginx (a node each, as nginx picks): the first announcement of a version counts.
    const firstSeen = new Map<string, number>();
    for (const c of clients) {
      const s = io(cluster.url, { transports: ['websocket'], extraHeaders: { cookie: c.cookie! } });
      s.on('order:updated', (u: OrderUpdated) => {
        const key = `${u.orderId}@${u.version}`;
        if (!firstSeen.has(key)) firstSeen.set(key, performance.now());
      });
      sockets.push(s);
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
    }
    const sentAt = new Map<string, number>();
    const commands = await measure(COMMANDS, 32, async (i) => {
      const k = i % 32;
      const t0 = performance.now();
      const r = await clients[k % CLIENTS]!.call('POST', `/api/orders/${orders[k]}/items`, {
        productId: 'chai',
        quantity: 1,
      });
      if (r.status !== 200) throw new Error(`status ${r.status} ${JSON.stringify(r.json)}`);
      sentAt.set(`${orders[k]}@${(r.json as unknown as { version: number }).version}`, t0);
      return 1;
    });
    await new Promise((r) => setTimeout(r, 2000)); // the last pushes
    const lat: number[] = [];
    let missing = 0;
    for (const [key, t0] of sentAt) {
      const seen = firstSeen.get(key);
      if (seen === undefined) missing++;
      else lat.push(seen - t0);
    }
    lat.sort((a, b) => a - b);
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))] ?? Number.NaN;
    console.error(`  ${nodes} node(s): ${fmt.rate(commands.eventsPerSec)} commands/s, push p99 ${fmt.ms(pct(99))} ms`);
    return { nodes, commands, pushP50: pct(50), pushP99: pct(99), missing };
  } finally {
    for (const s of sockets) s.disconnect();
    await cluster.stop();
  }
}

/** One Redis of its own: appends/s at saturation (single events, 64 in flight), and memory per stored event. */
async function redisCeiling() {
  const server = await startRedisServer();
  const store = await openRedisStore({ redisUrl: server.url, namespace: 'ceiling' });
  const admin = new Redis(server.url);
  try {
    const used = async () => Number(/used_memory:(\d+)/.exec((await admin.info('memory')) as string)![1]);
    const payload = (i: number) => ({
      type: 'ItemAdded',
      data: {
        orderId: randomUUID(),
        productId: 'chai',
        name: 'Masala chai, 200 g',
        quantity: 1 + (i % 5),
        unitPriceCents: 950,
      },
      metadata: {
        actor: randomUUID(),
        actorName: 'shopper',
        commandId: randomUUID(),
        correlationId: randomUUID(),
        schemaVersion: 1,
      },
    });
    const before = await used();
    const n = Math.round(100_000 * Math.max(SCALE, 0.2));
    const appends = await measure(n, 64, async (i) => {
      await store.append(`order-${randomUUID()}`, [payload(i)], { expectedVersion: 'no_stream' });
      return 1;
    });
    const perEvent = ((await used()) - before) / n;
    return { appends, perEvent, events: n };
  } finally {
    admin.disconnect();
    await store.close();
    await server.stop();
  }
}

const rows: ClusterRow[] = [];
for (const n of [1, 2, 3]) rows.push(await runCluster(n));
const ceiling = await redisCeiling();

console.log(
  `\nCluster, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, scale ${SCALE}, 2 cores shared by nginx, every node, Redis and the load\n`,
);
console.log(
  `${fmt.rate(COMMANDS)} AddItem commands through nginx from ${CLIENTS} clients, 32 in flight; push = command sent → first order:updated on a socket through nginx:\n`,
);
console.log('| nodes | commands/s | p50 ms | p99 ms | ratio to 1 node | push p50 ms | push p99 ms | pushes missing |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.nodes} | ${fmt.rate(r.commands.eventsPerSec)} | ${fmt.ms(r.commands.p50ms)} | ${fmt.ms(r.commands.p99ms)} | ${fmt.ratio(r.commands.eventsPerSec / rows[0]!.commands.eventsPerSec)} | ${fmt.ms(r.pushP50)} | ${fmt.ms(r.pushP99)} | ${r.missing} |`,
  );
}
console.log(
  `\nOne Redis (its own redis-server, no persistence), ${fmt.rate(ceiling.events)} single-event appends to new streams, 64 in flight:\n`,
);
console.log('| appends/s | p50 ms | p99 ms | memory per stored event (bytes) |');
console.log('|---:|---:|---:|---:|');
console.log(
  `| ${fmt.rate(ceiling.appends.eventsPerSec)} | ${fmt.ms(ceiling.appends.p50ms)} | ${fmt.ms(ceiling.appends.p99ms)} | ${fmt.rate(ceiling.perEvent)} |`,
);
