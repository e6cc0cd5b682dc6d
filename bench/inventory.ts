// npm run bench:inventory: submits decided by the reservations process, through the JSON API of a production build
// (its own server process, Redis event store, projector and process manager in the server), with 20 hot products.
// Throughput: 32 submits in flight until every order is decided (confirmed or rejected). Latency: a steady rate of
// submits, from sending Submit to the decision (status confirmed/rejected) arriving on the shopper's socket.
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { OrderUpdated } from '../lib/live/events';
import { Client, startAppServer } from '../lib/testing/app-server';
import { fmt } from './lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const PRODUCTS = 20;
const BURST = Math.round(1000 * SCALE);
const RATE = 50;
const STEADY_SECONDS = Math.max(3, Math.round(10 * SCALE));
// Enough that most orders are confirmed, not so much that no line is ever refused.
const STOCK_EACH = Math.round(((BURST + RATE * STEADY_SECONDS) * 2 * 2 * 0.8) / PRODUCTS);

const app = await startAppServer({ LOG_LEVEL: 'error', COMMANDS_PER_SECOND: '1000000', COMMAND_BURST: '1000000' });
try {
  const staff = await new Client(app.url).signUpAndIn('staff-sam');
  const products = Array.from({ length: PRODUCTS }, (_, i) => `hot-${i}`);
  for (const id of products) {
    await staff.call('POST', '/api/products', { id, name: `Hot item ${id}`, priceCents: 500 });
    await staff.call('POST', `/api/products/${id}/stock`, { quantity: STOCK_EACH });
  }
  const shopper = await new Client(app.url).signUpAndIn(`bench-${randomUUID().slice(0, 8)}`);
  const socket = io(app.url, { transports: ['websocket'], extraHeaders: { cookie: shopper.cookie! } });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const decided = new Map<string, { at: number; status: string }>();
  socket.on('order:updated', (u: OrderUpdated) => {
    if ((u.status === 'confirmed' || u.status === 'rejected') && !decided.has(u.orderId)) {
      decided.set(u.orderId, { at: performance.now(), status: u.status });
    }
  });
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  /** Drafts of 1-3 lines over the hot products, made before the clock starts. */
  const drafts = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const lines = new Map<string, number>();
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        lines.set(products[Math.floor(random() * PRODUCTS)]!, 1 + Math.floor(random() * 3));
      }
      const r = await shopper.call('POST', '/api/orders', {
        items: [...lines].map(([productId, quantity]) => ({ productId, quantity })),
      });
      ids.push((r.json as unknown as { id: string }).id);
    }
    return ids;
  };
  const untilDecided = async (ids: string[], timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !decided.has(id))) {
      if (Date.now() > deadline) throw new Error('orders not decided in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const submit = async (id: string) => {
    const r = await shopper.call('POST', `/api/orders/${id}/submit`);
    if (r.status !== 200) throw new Error(`submit: ${r.status}`);
  };

  // Throughput: every draft submitted, 32 at a time; the clock stops when the last decision arrives.
  const burst = await drafts(BURST);
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < burst.length) await submit(burst[next++]!);
    }),
  );
  await untilDecided(burst);
  const seconds = (performance.now() - t0) / 1000;
  const rejected = burst.filter((id) => decided.get(id)!.status === 'rejected').length;

  // Latency at a steady rate: Submit sent → decision on the socket.
  const steady = await drafts(RATE * STEADY_SECONDS);
  const sentAt = new Map<string, number>();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < steady.length; i++) {
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const id = steady[i]!;
    sentAt.set(id, performance.now());
    inFlight.push(submit(id));
  }
  await Promise.all(inFlight);
  await untilDecided(steady);
  socket.disconnect();
  const latencies = steady.map((id) => decided.get(id)!.at - sentAt.get(id)!).sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;

  console.log(
    `\nInventory, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, scale ${SCALE}, production build, Redis event store, projector and reservations process in the server, ${PRODUCTS} hot products (${STOCK_EACH} units each), orders of 1-3 lines\n`,
  );
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(
    `| ${BURST} submits, 32 in flight: submits decided per second | ${fmt.rate(BURST / seconds)} (${rejected} rejected) |`,
  );
  const steadyRejected = steady.filter((id) => decided.get(id)!.status === 'rejected').length;
  console.log(
    `| steady ${RATE} submits/s for ${STEADY_SECONDS} s (${steadyRejected} rejected): Submit → decision on the socket, p50 | ${fmt.ms(pct(0.5))} ms |`,
  );
  console.log(`| same, p99 | ${fmt.ms(pct(0.99))} ms |`);
} finally {
  await app.stop();
}
