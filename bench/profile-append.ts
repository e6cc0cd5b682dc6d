// npm run bench:profile: 20,000 single-event appends at 32 in flight to the Redis store, under `node --cpu-prof`,
// then the functions where the process spent its time (self time, top 25). docs/event-store.md, "Performance".
// BATCH=10 npm run bench:profile: the same number of events in appends of 10.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openRedisStore } from '../lib/eventstore/redis';
import { deleteNamespace, testRedisUrl } from '../lib/eventstore/testing';
import { measure } from './lib';
import { benchEvent } from './payload';

const PROFILE_DIR = process.env.PROFILE_DIR;
if (!PROFILE_DIR) {
  // Re-run this file under the profiler.
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'orderly-prof-'));
  const r = spawnSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', new URL(import.meta.url).pathname],
    {
      stdio: 'inherit',
      env: { ...process.env, PROFILE_DIR: dir },
    },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
  summarise(dir);
  rmSync(dir, { recursive: true, force: true });
} else {
  const namespace = `bench-prof-${Date.now()}`;
  const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace });
  try {
    const batch = Number(process.env.BATCH ?? 1);
    const events = () => Array.from({ length: batch }, benchEvent);
    const append = (streamId: string) => store.append(streamId, events(), { expectedVersion: 0 }).then(() => batch);
    await measure(2000 / batch, 32, (i) => append(`warm-${i}`));
    const m = await measure(20_000 / batch, 32, (i) => append(`p-${i}`));
    console.log(`20,000 events in appends of ${batch}, 32 in flight: ${Math.round(m.eventsPerSec)} events/s`);
  } finally {
    await deleteNamespace(store.client, namespace);
    await store.close();
  }
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
function summarise(dir: string) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const url = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(lib|bench)\//, '$1/');
    const key =
      `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log('\n| self time | function |\n|---:|---|');
  for (const [k, v] of rows) console.log(`| ${((100 * v) / total).toFixed(1)}% | ${k} |`);
}
