// npm run cluster -- --nodes 3 [--port 8080]: several nodes of the app (production build) over one Redis, each with
// its own read model in data/cluster/node-<i>, behind nginx on a loopback port, to try what docs/deploy.md describes.
// Ctrl-C stops them all; the data stays (in Redis, namespace REDIS_NAMESPACE or "orderly-cluster", and data/cluster).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from '../lib/testing/cluster';
import { hasNginx } from '../lib/testing/nginx';

const { values } = parseArgs({
  options: { nodes: { type: 'string', default: '3' }, port: { type: 'string', default: '8080' } },
});
const nodes = Number(values.nodes);
const port = Number(values.port);
if (!Number.isInteger(nodes) || nodes < 1 || nodes > 16 || !Number.isInteger(port)) {
  console.error('usage: npm run cluster -- [--nodes 1-16] [--port 8080]');
  process.exit(2);
}
if (!hasNginx()) {
  console.error(
    'nginx is not installed (Debian: apt-get install -y nginx); it is what puts the nodes behind one address.',
  );
  process.exit(1);
}
const dataDirs = Array.from({ length: nodes }, (_, i) => join('data', 'cluster', `node-${i + 1}`));
for (const d of dataDirs) mkdirSync(d, { recursive: true });
const cluster = await startCluster({
  nodes,
  port,
  dataDirs,
  namespace: process.env.REDIS_NAMESPACE ?? 'orderly-cluster',
  env: { STAFF_USERS: process.env.STAFF_USERS ?? 'staff', LOG_LEVEL: 'info' },
});
console.log(`Orderly on ${nodes} node(s) behind nginx: ${cluster.url}`);
for (const [i, n] of cluster.nodes.entries()) console.log(`  node ${i + 1}: ${n.url} (DATA_DIR ${n.dataDir})`);
console.log('Ctrl-C stops them all.');
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    process.exit(0);
  });
}
