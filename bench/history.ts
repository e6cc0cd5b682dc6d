// npm run bench:history: an order of 10,000 events (BENCH_EVENTS) on a production build. Server time (time to the
// first byte, one request at a time) and size of its page (the newest 50 timeline entries), of its page at version
// 5,000 (time travel from the nearest history snapshot), of GET /events (the newest 100) and /state?version=5000.
import { Client, startAppServer } from '../lib/testing/app-server';
import { writeLongOrder } from '../lib/testing/long-order';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RUNS = 30;

const app = await startAppServer({ LOG_LEVEL: 'error' });
try {
  const owner = await new Client(app.url).signUpAndIn('history-bench');
  const started = performance.now();
  const orderId = await writeLongOrder(app, owner, EVENTS);
  console.log(`${EVENTS} events written and projected in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const mid = Math.floor(EVENTS / 2);
  const targets: [string, string][] = [
    ['order page (newest 50 events)', `/orders/${orderId}`],
    [`order page at version ${mid}`, `/orders/${orderId}?v=${mid}`],
    ['GET /api/orders/{id}/events', `/api/orders/${orderId}/events`],
    [`GET /api/orders/{id}/state?version=${mid}`, `/api/orders/${orderId}/state?version=${mid}`],
  ];
  console.log('\n| request | size | p50 ms | p95 ms |\n|---|---:|---:|---:|');
  for (const [name, path] of targets) {
    const ttfb: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS + 5; i++) {
      const t = performance.now();
      const r = await fetch(`${app.url}${path}`, { headers: { cookie: owner.cookie! } });
      const firstByte = performance.now() - t;
      const body = await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      if (i >= 5) ttfb.push(firstByte); // after a warm-up
      bytes = body.byteLength;
    }
    ttfb.sort((a, b) => a - b);
    const p = (q: number) => ttfb[Math.min(ttfb.length - 1, Math.floor(ttfb.length * q))]!.toFixed(1);
    console.log(`| ${name} | ${(bytes / 1024).toFixed(1)} KB | ${p(0.5)} | ${p(0.95)} |`);
  }
} finally {
  await app.stop();
}
