// npm run cluster -- --nodes 3 [--port 8080]: several nodes of the app (production build) over one Redis, each with
// its own read model in data/cluster/node-<i>, behind nginx on a loopback port, to try what docs/deploy.md describes.
// Ctrl-C stops them all; the data stays (in Redis, namespace REDIS_NAMESPACE or "orderly-cluster", and data/cluster).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from '../lib/testing/cluster';
import { hasNginx } from '../lib/testing/nginx';

const USAGE = 'usage: npm run cluster -- [--nodes 1-16] [--port 1024-65535]';
let values: { nodes: string; port: string };
try {
  ({ values } = parseArgs({
    options: { nodes: { type: 'string', default: '3' }, port: { type: 'string', default: '8080' } },
    strict: true,
    allowPositionals: false,
  }) as { values: { nodes: string; port: string } });
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const nodes = Number(values.nodes);
const port = Number(values.port);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16 || !Number.isInteger(port) || port < 1024 || port > 65535) {
  console.error(USAGE);
  process.exit(2);
}
if (!hasNginx()) {
  console.error(
    'nginx is not installed (Debian: apt-get install -y nginx); it is what puts the nodes behind one address.',
  );
  process.exit(1);
}
process.env.APP_SERVER_LOGS ??= '1'; // the nodes' logs on this terminal (the "does not persist" warning among them)
const staff = process.env.STAFF_USERS ?? 'staff';
const dataDirs = Array.from({ length: nodes }, (_, i) => join('data', 'cluster', `node-${i + 1}`));
for (const d of dataDirs) mkdirSync(d, { recursive: true });

// A signal during start-up stops what started; after it, stops everything.
const starting = new AbortController();
let cluster: Awaited<ReturnType<typeof startCluster>> | null = null;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    starting.abort();
    if (cluster) {
      await cluster.stop();
      process.exit(0);
    }
  });
}
try {
  cluster = await startCluster({
    nodes,
    port,
    dataDirs,
    namespace: process.env.REDIS_NAMESPACE ?? 'orderly-cluster',
    env: { STAFF_USERS: staff, LOG_LEVEL: 'info' },
    signal: starting.signal,
  });
} catch (error) {
  console.error(`the cluster did not start: ${(error as Error).message}`);
  process.exit(1);
}
if (stopping) {
  await cluster.stop();
  process.exit(0);
}
console.log(`Orderly on ${nodes} node(s) behind nginx: ${cluster.url}`);
for (const [i, n] of cluster.nodes.entries()) console.log(`  node ${i + 1}: ${n.url} (DATA_DIR ${n.dataDir})`);
console.log(`Staff: ${staff} (STAFF_USERS). Ctrl-C stops them all.`);
