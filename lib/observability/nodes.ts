// What each node of the app says about itself, every few seconds, into the store of record: id, version, uptime,
// sockets, its projections' checkpoints and lag, its latest errors. The staff system page reads every node's last
// report from there (with the embedded store there is one node, and the reports stay in memory).
import type { Redis } from 'ioredis';
import type { AppDb } from '../../db/client';
import { isRedisStore, redisKeys } from '../eventstore/redis';
import type { EventStore } from '../eventstore/types';
import type { LoggedError, Logger } from '../log';
import type { Projector } from '../read/projector';
import { projectionsStatus } from '../read/status';

export interface NodeReport {
  id: string;
  version: string;
  pid: number;
  /** ISO-8601 UTC. */
  startedAt: string;
  /** When this report was made (ISO-8601 UTC). */
  reportedAt: string;
  sockets: number;
  /** Where this node's read model is projected from. */
  projector: 'in this process' | 'another process' | 'not running';
  /** The head of the log as this node saw it. */
  head: number;
  projections: {
    name: string;
    checkpoint: number;
    behind: number;
    /** ms since the oldest event not yet applied was recorded (0 when caught up). */
    oldestPendingMs: number;
    /** The in-process projector's state of it, when the projector runs here. */
    state?: string;
  }[];
  /** Its latest logged errors, newest last (at most REPORTED_ERRORS). */
  recentErrors: LoggedError[];
}

/** How often a node reports. */
export const REPORT_EVERY_MS = 5_000;
/** A node whose last report is older than this is shown as gone; one older than an hour is forgotten. */
export const NODE_STALE_MS = 30_000;
const NODE_FORGOTTEN_MS = 3_600_000;
/** How many of its latest errors a node reports. */
export const REPORTED_ERRORS = 10;

export interface NodeRegistry {
  /** Records this node's report (replacing its previous one). */
  report(r: NodeReport): Promise<void>;
  /** Every node's last report that is less than an hour old, by id. */
  nodes(): Promise<NodeReport[]>;
  /** Forgets a node (at a clean shutdown). */
  remove(id: string): Promise<void>;
}

/** The registry in the store of record: a Redis hash in the store's namespace, or memory for the embedded store. */
export function nodeRegistry(store: EventStore): NodeRegistry {
  if (isRedisStore(store)) return new RedisNodeRegistry(store.client, `${redisKeys(store.namespace).tag}:nodes`);
  const reports = new Map<string, NodeReport>();
  return {
    report: async (r) => void reports.set(r.id, r),
    nodes: async () => [...reports.values()],
    remove: async (id) => void reports.delete(id),
  };
}

class RedisNodeRegistry implements NodeRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async report(r: NodeReport): Promise<void> {
    await this.redis.hset(this.key, r.id, JSON.stringify(r));
  }

  async nodes(): Promise<NodeReport[]> {
    const all = await this.redis.hgetall(this.key);
    const reports: NodeReport[] = [];
    const forgotten: string[] = [];
    for (const [id, json] of Object.entries(all)) {
      try {
        const r = JSON.parse(json) as NodeReport;
        if (Date.now() - Date.parse(r.reportedAt) > NODE_FORGOTTEN_MS) forgotten.push(id);
        else reports.push(r);
      } catch {
        forgotten.push(id); // not a report of this release
      }
    }
    if (forgotten.length > 0) await this.redis.hdel(this.key, ...forgotten);
    return reports.sort((a, b) => a.id.localeCompare(b.id));
  }

  async remove(id: string): Promise<void> {
    await this.redis.hdel(this.key, id);
  }
}

/** How the store of record keeps its data, for people: what it is, whether it persists, how much memory it uses. */
export interface StorageInfo {
  kind: 'redis' | 'sqlite';
  /** e.g. "AOF (appendfsync everysec) and RDB snapshots", "none: a restart of Redis loses every event". */
  persistence: string;
  /** Memory (Redis) or file size (SQLite), in bytes; null when unknown. */
  bytes: number | null;
  /** Anything an operator should act on (e.g. an eviction policy that may drop events). */
  warnings: string[];
}

/** Asks the store of record how it persists and how big it is. `sync` is the embedded store's EVENT_STORE_SYNC. */
export async function storageInfo(
  store: EventStore,
  embedded: { sync: 'normal' | 'full'; bytes: () => number | null },
): Promise<StorageInfo> {
  if (!isRedisStore(store)) {
    return {
      kind: 'sqlite',
      persistence:
        embedded.sync === 'full'
          ? 'SQLite file, WAL, synchronous=FULL: nothing acknowledged is lost on a power failure'
          : 'SQLite file, WAL, synchronous=NORMAL: a power failure may lose the last transactions',
      bytes: embedded.bytes(),
      warnings: [],
    };
  }
  const parse = (text: string) =>
    new Map(
      text
        .split(/\r?\n/)
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)] as const),
    );
  const persistence = parse(await store.client.info('persistence'));
  const memory = parse(await store.client.info('memory'));
  const aof = persistence.get('aof_enabled') === '1';
  // CONFIG GET may be refused (managed Redis): then what INFO says is all there is.
  const config = async (name: string) => {
    try {
      const r = (await store.client.config('GET', name)) as string[];
      return r[1];
    } catch {
      return undefined;
    }
  };
  const [save, fsync] = await Promise.all([config('save'), config('appendfsync')]);
  const parts: string[] = [];
  if (aof) parts.push(`AOF (appendfsync ${fsync ?? 'unknown'})`);
  if (save) parts.push(`RDB snapshots (save ${save})`);
  const warnings: string[] = [];
  const policy = memory.get('maxmemory_policy');
  if (policy && policy !== 'noeviction') {
    warnings.push(`maxmemory-policy is ${policy}: Redis may evict events; set it to noeviction`);
  }
  if (persistence.get('rdb_last_bgsave_status') === 'err') warnings.push('the last RDB snapshot failed');
  if (aof && persistence.get('aof_last_write_status') === 'err') warnings.push('the last AOF write failed');
  return {
    kind: 'redis',
    persistence: parts.length ? parts.join(' and ') : 'none: a restart of Redis loses every event',
    bytes: Number(memory.get('used_memory')) || null,
    warnings,
  };
}

/**
 * Reports this process into `registry` now and every REPORT_EVERY_MS (its projections from its own read model, its
 * projector's states when it runs one, its sockets and latest errors), and calls `onTick` after each attempt (also
 * while `reachable()` says the store is out of reach, when nothing is written). Warns when another live process
 * reports under the same id. Returns how to stop (which also removes this process's report).
 */
export async function startNodeReports(o: {
  id: string;
  version: string;
  startedAt: string;
  registry: NodeRegistry;
  db: AppDb;
  store: EventStore;
  projector: Projector | null;
  sockets: () => number;
  recentErrors: readonly LoggedError[];
  reachable: () => boolean;
  onTick?: () => void;
  log: Logger;
}): Promise<{ stop(): Promise<void> }> {
  const report = async (): Promise<NodeReport> => {
    const status = await projectionsStatus(o.db, o.store);
    const states = new Map(o.projector?.status().map((p) => [p.name, p.state]));
    return {
      id: o.id,
      version: o.version,
      pid: process.pid,
      startedAt: o.startedAt,
      reportedAt: new Date().toISOString(),
      sockets: o.sockets(),
      projector: o.projector ? 'in this process' : status.lease ? 'another process' : 'not running',
      head: status.head,
      projections: status.projections.map((p) => ({
        name: p.name,
        checkpoint: p.checkpoint,
        behind: p.behind,
        oldestPendingMs: p.oldestPendingMs,
        ...(states.has(p.name) ? { state: states.get(p.name) } : {}),
      })),
      recentErrors: o.recentErrors.slice(-REPORTED_ERRORS),
    };
  };
  const once = async () => {
    try {
      if (o.reachable()) await o.registry.report(await report());
    } catch (err) {
      o.log.warn({ err }, 'system: this node could not report itself');
    }
    o.onTick?.();
  };
  try {
    const other = (await o.registry.nodes()).find(
      (r) => r.id === o.id && Date.now() - Date.parse(r.reportedAt) < NODE_STALE_MS,
    );
    if (other) {
      o.log.warn(
        `system: another process (pid ${other.pid}, up since ${other.startedAt}) reported as node "${o.id}" ` +
          `${Math.round((Date.now() - Date.parse(other.reportedAt)) / 1000)} s ago: unless that was this node's ` +
          'previous run, give each node its own NODE_ID (their reports would overwrite each other)',
      );
    }
  } catch {
    // the store is out of reach: the reports will say so
  }
  await once();
  const timer = setInterval(() => void once(), REPORT_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await o.registry.remove(o.id).catch(() => {});
    },
  };
}
