// npm run bench:api: the JSON API of a production build (its own server process, on the Redis store): command and
// read throughput at 32 connections, then command latency and push latency (command acknowledged → order:updated
// on a socket) at a steady 200 commands/s.
import { io } from 'socket.io-client';
import type { OrderUpdated } from '../lib/live/events';
import { Client, startAppServer } from '../lib/testing/app-server';
import { fmt, type Measured, measure } from './lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ORDERS = 200;
const COMMANDS = Math.round(4000 * SCALE);
const READS = Math.round(8000 * SCALE);
const RATE = 200;
const STEADY_SECONDS = Math.max(3, Math.round(15 * SCALE));
const products = [
  'espresso-beans',
  'filter-beans',
  'decaf-beans',
  'single-origin',
  'cold-brew',
  'green-tea',
  'chai',
  'oat-milk',
];

// One user sends every command: their budget (COMMANDS_PER_SECOND, default 30/s) is lifted to measure the server.
const app = await startAppServer({ LOG_LEVEL: 'error', COMMANDS_PER_SECOND: '1000000' });
try {
  const c = await new Client(app.url).signUpAndIn('bench');
  const ids: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const r = await c.call('POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }] });
    ids.push((r.json as unknown as { id: string }).id);
  }
  const ok = (status: number) => {
    if (status !== 200) throw new Error(`unexpected status ${status}`);
    return 1;
  };
  // Warm up the routes.
  await measure(200, 8, async (i) => ok((await c.call('GET', `/api/orders/${ids[i % ORDERS]}`)).status));
  const commands = await measure(COMMANDS, 32, async (i) =>
    ok(
      (
        await c.call('POST', `/api/orders/${ids[i % ORDERS]}/items`, {
          productId: products[Math.floor(i / ORDERS) % products.length],
          quantity: 1,
        })
      ).status,
    ),
  );
  console.error(`  commands: ${fmt.rate(commands.eventsPerSec)}/s`);
  const reads = await measure(READS, 32, async (i) =>
    ok((await c.call('GET', `/api/orders/${ids[i % ORDERS]}`)).status),
  );
  console.error(`  reads: ${fmt.rate(reads.eventsPerSec)}/s`);

  // Steady load with a socket listening: push latency = order:updated received − command acknowledged.
  const socket = io(app.url, { transports: ['websocket'], extraHeaders: { cookie: c.cookie! } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  // Per command: when it was sent, when its answer came, when its push came (whichever of the last two is first).
  const timing = new Map<string, { sent?: number; acked?: number; pushed?: number }>();
  const fromAck: number[] = [];
  const fromSend: number[] = [];
  const settle = (key: string) => {
    const t = timing.get(key)!;
    if (t.sent === undefined || t.acked === undefined || t.pushed === undefined) return;
    fromAck.push(t.pushed - t.acked); // negative: the push arrived before the HTTP answer
    fromSend.push(t.pushed - t.sent);
    timing.delete(key);
  };
  socket.on('order:updated', (u: OrderUpdated) => {
    const key = `${u.orderId}@${u.version}`;
    timing.set(key, { ...timing.get(key), pushed: performance.now() });
    settle(key);
  });
  const total = RATE * STEADY_SECONDS;
  const latencies: number[] = [];
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      (async () => {
        const orderId = ids[i % ORDERS]!;
        const t0 = performance.now();
        const r = await c.call('POST', `/api/orders/${orderId}/items`, {
          productId: products[(i * 7) % products.length],
          quantity: 1,
        });
        const t1 = performance.now();
        ok(r.status);
        latencies.push(t1 - t0);
        const key = `${orderId}@${(r.json as unknown as { version: number }).version}`;
        timing.set(key, { ...timing.get(key), sent: t0, acked: t1 });
        settle(key);
      })(),
    );
  }
  await Promise.all(inFlight);
  const achieved = total / ((performance.now() - started) / 1000);
  const deadline = Date.now() + 10_000;
  const missing = () => [...timing.values()].filter((t) => t.acked !== undefined).length;
  while (missing() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  socket.disconnect();
  const pct = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

  const row = (name: string, m: Measured) =>
    `| ${name} | ${fmt.rate(m.eventsPerSec)} | ${fmt.ms(m.p50ms)} | ${fmt.ms(m.p99ms)} |`;
  console.log(
    `\nAPI, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, scale ${SCALE}, production build, Redis event store, projector in the server\n`,
  );
  console.log('| 32 connections | requests/s | p50 ms | p99 ms |');
  console.log('|---|---:|---:|---:|');
  console.log(row('POST /api/orders/:id/items', commands));
  console.log(row('GET /api/orders/:id', reads));
  console.log(
    `\nSteady ${fmt.rate(achieved)} commands/s for ${STEADY_SECONDS} s (${latencies.length} commands, ${fromAck.length} pushes matched, ${missing()} missing):\n`,
  );
  console.log('| measure | p50 ms | p99 ms |');
  console.log('|---|---:|---:|');
  console.log(`| command (POST items) | ${fmt.ms(pct(latencies, 0.5))} | ${fmt.ms(pct(latencies, 0.99))} |`);
  console.log(
    `| acknowledged → order:updated on the socket (negative: the push came first) | ${fmt.ms(pct(fromAck, 0.5))} | ${fmt.ms(pct(fromAck, 0.99))} |`,
  );
  console.log(
    `| sent → order:updated on the socket | ${fmt.ms(pct(fromSend, 0.5))} | ${fmt.ms(pct(fromSend, 0.99))} |`,
  );
  const cmd99 = pct(latencies, 0.99);
  const push99 = pct(fromAck, 0.99);
  console.log(
    `\nTargets at 200 commands/s: command p99 < 50 ms: ${fmt.ms(cmd99)} ${cmd99 < 50 ? 'met' : 'NOT met'}; push p99 < 100 ms: ${fmt.ms(push99)} ${push99 < 100 && missing() === 0 ? 'met' : 'NOT met'}`,
  );
} finally {
  await app.stop();
}
