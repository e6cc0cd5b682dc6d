// Three nodes behind nginx over one Redis, one of them killed with SIGKILL under load: every acknowledged command
// is in the event store exactly once, the others keep answering, and the killed node, started again with an
// empty DATA_DIR, catches up to the same read model, row for row.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../eventstore/redis';
import { testRedisUrl } from '../eventstore/testing';
import type { RecordedEvent } from '../eventstore/types';
import { READ_MODEL_TABLES } from '../read/testing';
import { Client } from '../testing/app-server';
import { type Cluster, startCluster } from '../testing/cluster';
import { hasNginx } from '../testing/nginx';

let cluster: Cluster;
beforeAll(async () => {
  if (!hasNginx()) throw new Error('nginx is not installed: apt-get install -y nginx (.ci/run does)');
  cluster = await startCluster({ nodes: 3 });
}, 180_000);
afterAll(() => cluster?.stop());

/** A client that retries on a dropped connection or a gateway error, with the same body (and commandId). */
async function persistent(client: Client, method: string, path: string, body?: unknown) {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await client.call(method, path, body);
      if (r.status !== 502 && r.status !== 503 && r.status !== 504) return { ...r, attempts: attempt + 1 };
    } catch {
      // the node went away mid-request: try again (nginx sends it to another)
    }
    if (attempt > 100) throw new Error(`${method} ${path} did not get through`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const readModel = (dataDir: string) => {
  const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true });
  try {
    return Object.fromEntries(READ_MODEL_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
  } finally {
    db.close();
  }
};

describe('three nodes behind nginx', () => {
  it('keep every acknowledged command exactly once while one node is killed, and the node comes back equal', async () => {
    const clients = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const c = new Client(cluster.url);
        const name = `load-${i}-${randomUUID().slice(0, 6)}`;
        await persistent(c, 'POST', '/api/users', { username: name, password: 'correct horse battery' });
        const s = await persistent(c, 'POST', '/api/session', { username: name, password: 'correct horse battery' });
        expect(s.status).toBe(204);
        return c;
      }),
    );
    const acknowledged: string[] = [];
    let killed = false;
    let afterKill = 0;
    let sent = 0;
    await Promise.all(
      clients.map(async (c) => {
        const orders: string[] = [];
        while (sent < 300) {
          sent++;
          if (sent === 100 && !killed) {
            killed = true;
            void cluster.kill(1);
          }
          const commandId = randomUUID();
          const r =
            orders.length === 0 || sent % 3 === 0
              ? await persistent(c, 'POST', '/api/orders', { items: [{ productId: 'mug', quantity: 1 }], commandId })
              : await persistent(c, 'POST', `/api/orders/${orders.at(-1)}/items`, {
                  productId: 'chai',
                  quantity: 1,
                  commandId,
                });
          expect([200, 201]).toContain(r.status);
          if (r.status === 201) orders.push((r.json as unknown as { id: string }).id);
          acknowledged.push(commandId);
          if (killed) afterKill++;
        }
      }),
    );
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(afterKill).toBeGreaterThan(100); // the other nodes kept answering

    // Every acknowledged command is in the log exactly once.
    const store = await openRedisStore({ redisUrl: testRedisUrl(), namespace: cluster.namespace });
    const events: RecordedEvent[] = [];
    for (let from = 1; ; ) {
      const page = await store.readAll({ fromPosition: from, limit: 5000 });
      events.push(...page);
      if (page.length < 5000) break;
      from = page.at(-1)!.position + 1;
    }
    await store.close();
    const perCommand = new Map<string, number>();
    for (const e of events) {
      const id = e.metadata.commandId;
      if (typeof id === 'string') perCommand.set(id, (perCommand.get(id) ?? 0) + 1);
    }
    expect(acknowledged.filter((id) => perCommand.get(id) !== 1)).toEqual([]);

    // The killed node, started again with an empty DATA_DIR, catches up; its read model equals the others'.
    await cluster.restart(1, { emptyDataDir: true });
    const head = events.at(-1)!.position;
    const caughtUp = async () =>
      Promise.all(
        cluster.nodes.map(async (n) => {
          const h = (await (await fetch(`${n.url}/api/health`)).json()) as {
            projector: { projections: { checkpoint: number }[] };
          };
          return h.projector.projections.every((p) => p.checkpoint >= head);
        }),
      );
    for (let i = 0; i < 600 && !(await caughtUp()).every(Boolean); i++) await new Promise((r) => setTimeout(r, 50));
    const [a, b, c] = cluster.nodes.map((n) => readModel(n.dataDir));
    expect(a!.order_summaries!.length).toBeGreaterThan(16);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  }, 300_000);
});
