// The staff system page's data: every node's last report (from the store of record), how the store persists and
// how big it is, order events per minute by type over the last hour (this node's read model), and the latest
// errors of every node. Null for anyone but staff.
import 'server-only';
import type { Actor } from '../domain';
import type { LoggedError } from '../log';
import { NODE_STALE_MS, type NodeReport, type StorageInfo } from '../observability/nodes';
import { RESERVATIONS_PROCESS } from '../processes/runner';
import { runtime } from '../runtime';
import { eventsPerMinute, type MinuteCount } from './projections/activity/queries';

export type { MinuteCount };

export interface SystemOverview {
  /** This node's id. */
  thisNode: string;
  /**
   * Whether the store of record answered just now. When it did not, the nodes are as last seen from this node
   * (`asOf`, ISO-8601 UTC; null when never) and nothing else comes from the store.
   */
  storeAnswered: boolean;
  asOf: string | null;
  /** Every node that reported in the last hour; `stale` when its last report is older than NODE_STALE_MS. */
  nodes: (NodeReport & { stale: boolean })[];
  /** null when the store of record could not be asked. */
  storage: StorageInfo | null;
  storeDescription: string;
  /** The first minute of the chart (`YYYY-MM-DDTHH:MM`, UTC) and the counts from there on. */
  since: string;
  perMinute: MinuteCount[];
  /** Every node's latest errors, newest first. */
  errors: (LoggedError & { node: string })[];
  /** The process managers: who holds each one's lease, its checkpoint, and how far the log's head is past it. */
  processes: { name: string; holder: string | null; checkpoint: number; behind: number }[];
}

/** The nodes as this process last read them from the store, and when. */
let lastSeen: { reports: NodeReport[]; at: string } | null = null;

/** `promise`, or a rejection after `ms`: a store that hangs must not hold the page. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref()),
  ]);

/** What /admin/system shows; null for anyone but staff. */
export async function systemOverview(viewer: Actor, now = Date.now()): Promise<SystemOverview | null> {
  if (!viewer.staff) return null;
  const { db, env, nodes, storage, storeDescription, storeReachable, recentErrors, processState, store } = runtime();
  const reachable = storeReachable();
  const [reports, info] = await Promise.all([
    reachable ? within(nodes.nodes(), 2000).catch(() => null) : null,
    reachable ? within(storage(), 2000).catch(() => null) : null,
  ]);
  if (reports) lastSeen = { reports, at: new Date(now).toISOString() };
  const processes = reports
    ? await within(
        (async () => {
          const [holder, checkpoint, head] = await Promise.all([
            processState.holder(RESERVATIONS_PROCESS),
            processState.checkpoint(RESERVATIONS_PROCESS),
            store.headPosition(),
          ]);
          return [{ name: RESERVATIONS_PROCESS, holder: holder?.owner ?? null, checkpoint, behind: head - checkpoint }];
        })(),
        2000,
      ).catch(() => [])
    : [];
  const shown = reports ?? lastSeen?.reports ?? [];
  const since = new Date(Math.floor((now - 59 * 60_000) / 60_000) * 60_000).toISOString();
  // This node's own errors come from memory: they show even while the store cannot take its reports.
  const others = shown.filter((r) => r.id !== env.nodeId);
  return {
    thisNode: env.nodeId,
    storeAnswered: reports !== null,
    asOf: reports ? new Date(now).toISOString() : (lastSeen?.at ?? null),
    nodes: shown.map((r) => ({ ...r, stale: now - Date.parse(r.reportedAt) > NODE_STALE_MS })),
    storage: info,
    storeDescription,
    since: since.slice(0, 16),
    perMinute: eventsPerMinute(db, since),
    errors: [
      ...recentErrors.map((e) => ({ ...e, node: env.nodeId })),
      ...others.flatMap((r) => r.recentErrors.map((e) => ({ ...e, node: r.id }))),
    ]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, 30),
    processes,
  };
}
