// npm run bench:signin: what a flood of wrong sign-ins does to everyone else. A production build on the Redis store
// (per-address budget lifted, so every guess reaches a password check); the latency of GET /api/products, one at a
// time, while idle and while FLOOD wrong sign-ins (scrypt, each for another username) are in flight at once.
import { Client, startAppServer } from '../lib/testing/app-server';

const FLOOD = Number(process.env.BENCH_FLOOD ?? 60);

const app = await startAppServer({ LOG_LEVEL: 'error' });
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
try {
  const c = new Client(app.url);
  const timeRead = async () => {
    const t = performance.now();
    const r = await c.call('GET', '/api/products');
    if (r.status !== 200) throw new Error(`GET /api/products: ${r.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 50; i++) await timeRead(); // warm up
  const idle: number[] = [];
  for (let i = 0; i < 100; i++) idle.push(await timeRead());

  const during: number[] = [];
  let done = false;
  const started = performance.now();
  const flood = Promise.all(
    Array.from({ length: FLOOD }, (_, i) =>
      new Client(app.url).call('POST', '/api/session', { username: `nobody-${i}`, password: `wrong guess ${i}` }),
    ),
  ).then((rs) => {
    done = true;
    return rs;
  });
  while (!done) during.push(await timeRead());
  const answers = await flood;
  const floodMs = performance.now() - started;
  const count = (s: number) => answers.filter((r) => r.status === s).length;
  console.log('| GET /api/products | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|');
  const row = (name: string, xs: number[]) =>
    `| ${name} (${xs.length} reads) | ${pct(xs, 0.5).toFixed(1)} | ${pct(xs, 0.99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
  console.log(row('idle', idle));
  console.log(row(`${FLOOD} sign-ins in flight`, during));
  console.log(`the flood: ${count(401)} answered 401, ${count(503)} turned away with 503, in ${floodMs.toFixed(0)} ms`);
} finally {
  await app.stop();
}
