// Several nodes of the app over one Redis namespace, each with its own DATA_DIR, behind nginx on loopback: for
// `npm run cluster` and for the tests of the whole.

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { deleteNamespace, testRedisUrl } from '../eventstore/testing';
import { type AppServer, startAppServer } from './app-server';
import { type Nginx, startNginx } from './nginx';
import { freePort } from './redis-server';

export interface Cluster {
  /** nginx in front of every node. */
  url: string;
  namespace: string;
  nodes: AppServer[];
  /** Ends node `i` at once (SIGKILL): nothing of it shuts down cleanly. */
  kill(i: number): Promise<void>;
  /** Starts node `i` again on its port, with its DATA_DIR emptied first when `emptyDataDir`. */
  restart(i: number, o?: { emptyDataDir?: boolean }): Promise<AppServer>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  nodes: number;
  /** A Redis namespace to use (default: one of its own, removed at stop). */
  namespace?: string;
  /** Given to every node. */
  env?: Record<string, string>;
  /** nginx's port (default: a free one). */
  port?: number;
  /** Each node's DATA_DIR (default: temp dirs, removed at stop). */
  dataDirs?: string[];
  /** Aborted: stop the nodes started so far and reject (a signal during start-up). */
  signal?: AbortSignal;
}

/** Starts `nodes` nodes (production build) and nginx in front of them. */
export async function startCluster(o: ClusterOptions = { nodes: 3 }): Promise<Cluster> {
  const namespace = o.namespace ?? `cluster-${randomUUID().slice(0, 8)}`;
  // nginx appends the client's address to X-Forwarded-For: the nodes believe it (throttling counts per client).
  const env = { TRUST_PROXY: 'true', ...o.env };
  const nodes: AppServer[] = [];
  try {
    for (let i = 0; i < o.nodes; i++) {
      if (o.signal?.aborted) throw new Error('stopped while starting');
      nodes.push(await startAppServer(env, { namespace, dataDir: o.dataDirs?.[i] }));
    }
    if (o.signal?.aborted) throw new Error('stopped while starting');
  } catch (error) {
    for (const n of nodes) await n.stop(); // none left running on a failed start
    throw error;
  }
  let nginx: Nginx;
  try {
    nginx = await startNginx(
      o.port ?? (await freePort()),
      nodes.map((n) => `127.0.0.1:${n.port}`),
    );
  } catch (error) {
    for (const n of nodes) await n.stop();
    throw error;
  }
  return {
    url: nginx.url,
    namespace,
    nodes,
    async kill(i) {
      await nodes[i]!.halt('SIGKILL');
    },
    async restart(i, { emptyDataDir = false } = {}) {
      const old = nodes[i]!;
      await old.halt();
      if (emptyDataDir) rmSync(old.dataDir, { recursive: true, force: true });
      nodes[i] = await startAppServer(env, { namespace, dataDir: old.dataDir, port: old.port });
      return nodes[i]!;
    },
    async stop() {
      await nginx.stop();
      for (const n of nodes) {
        await n.stop();
        if (!o.dataDirs) rmSync(n.dataDir, { recursive: true, force: true });
      }
      if (!o.namespace) {
        const redis = new Redis(testRedisUrl());
        await deleteNamespace(redis, namespace);
        redis.disconnect();
      }
    },
  };
}
