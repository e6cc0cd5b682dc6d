// The staff system page's data: every node's last report (from the store of record), how the store persists and
// how big it is, order events per minute by type over the last hour (this node's read model), and the latest
// errors of every node. Null for anyone but staff.
import 'server-only';
import type { Actor } from '../domain';
import type { LoggedError } from '../log';
import { NODE_STALE_MS, type NodeReport, type StorageInfo } from '../observability/nodes';
import { runtime } from '../runtime';
import { eventsPerMinute, type MinuteCount } from './projections/activity/queries';

export type { MinuteCount };

export interface SystemOverview {
  /** This node's id. */
  thisNode: string;
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
}

/** What /admin/system shows; null for anyone but staff. */
export async function systemOverview(viewer: Actor, now = Date.now()): Promise<SystemOverview | null> {
  if (!viewer.staff) return null;
  const { db, env, nodes, storage, storeDescription } = runtime();
  const [reports, info] = await Promise.all([nodes.nodes(), storage().catch(() => null)]);
  const since = new Date(Math.floor((now - 59 * 60_000) / 60_000) * 60_000).toISOString();
  return {
    thisNode: env.nodeId,
    nodes: reports.map((r) => ({ ...r, stale: now - Date.parse(r.reportedAt) > NODE_STALE_MS })),
    storage: info,
    storeDescription,
    since: since.slice(0, 16),
    perMinute: eventsPerMinute(db, since),
    errors: reports
      .flatMap((r) => r.recentErrors.map((e) => ({ ...e, node: r.id })))
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, 30),
  };
}
