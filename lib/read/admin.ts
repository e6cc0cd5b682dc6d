// The read side's data-access layer for staff and operators: the global event log, one event with its causes and
// effects, where the projections stand, rebuilds, and the health answer (public). Every staff function takes the
// viewer and answers null (or false) to anyone who is not staff, whatever the caller checked before.
import 'server-only';
import type { Actor } from '../domain';
import type { RecordedEvent } from '../eventstore/types';
import { isOrderStream, orderIdOfStream } from '../orders/events';
import { processManagersStatus } from '../processes/status';
import { runtime } from '../runtime';
import { readCheckpoint } from './checkpoints';
import {
  type ActivityEntry,
  activityCausedBy,
  activityCount,
  activityLog,
  eventTypes,
  type LogFilter,
} from './projections/activity/queries';
import { type StockMovement, stockMovementsOf } from './projections/stock/queries';
import type { RebuildProgress } from './rebuild';
import { projectionsStatus } from './status';

/** How fresh staff views are as rendered now: the position the read model reached (see RefreshOnUpdate). */
export const readModelPosition = () => readCheckpoint(runtime().db, 'activity');

/**
 * A page of the event log, newest first, the event types there are (for the filter), how many entries match in all
 * and how many of them are newer than this page; null for anyone but staff.
 */
export function eventLog(
  viewer: Actor,
  filter: LogFilter,
): { rows: ActivityEntry[]; types: string[]; total: number; newer: number } | null {
  if (!viewer.staff) return null;
  const { db } = runtime();
  const rows = activityLog(db, filter);
  const { total, newer } = activityCount(db, filter, rows[0]?.position);
  return { rows, types: eventTypes(db), total, newer };
}

export interface EventDetail {
  event: RecordedEvent;
  /** The event named by its causationId, when that is an event (else the cause was a command). */
  cause: RecordedEvent | null;
  /** Order events whose causationId is this event. */
  caused: ActivityEntry[];
  /** Stock events whose causationId is this order event: what its submit held, its cancel released, its shipping took. */
  causedStock: StockMovement[];
  /** Other events of its correlation, oldest first (at most 100). */
  correlated: ActivityEntry[];
}

/** One event as stored, with what caused it and what it caused; null when there is no such event. */
export async function eventDetail(viewer: Actor, eventId: string): Promise<EventDetail | null> {
  const { db, store } = runtime();
  if (!viewer.staff || eventId.length === 0 || eventId.length > 100) return null;
  const event = await store.readEvent(eventId);
  if (!event) return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const causationId = text(event.metadata.causationId);
  const correlationId = text(event.metadata.correlationId);
  const cause = causationId ? await store.readEvent(causationId).catch(() => null) : null;
  const correlated = correlationId
    ? activityLog(db, { correlationId, limit: 100 })
        .filter((r) => r.eventId !== event.eventId)
        .reverse()
    : [];
  // Read by the order's index, then this event's own.
  const causedStock = isOrderStream(event.streamId)
    ? stockMovementsOf(db, orderIdOfStream(event.streamId)).filter((m) => m.causationId === event.eventId)
    : [];
  return { event, cause, caused: activityCausedBy(db, event.eventId), causedStock, correlated };
}

/** Where each projection stands (checkpoint, lag, lease) and what the in-process projector says of them. */
export async function projectionsOverview(viewer: Actor) {
  if (!viewer.staff) return null;
  const { db, store, projector, rebuilds } = runtime();
  const status = await projectionsStatus(db, store);
  return {
    ...status,
    inThisProcess: projector !== null,
    running: projector?.status() ?? [],
    rebuild: rebuilds.current,
  };
}

/** Staff: the latest progress of a rebuild started in this server (null: none yet); undefined to anyone else. */
export function rebuildStatus(viewer: Actor): RebuildProgress | null | undefined {
  return viewer.staff ? runtime().rebuilds.current : undefined;
}

/** Starts a rebuild of every projection in this server; false when one is already running. */
export function startRebuild(viewer: Actor): boolean {
  return viewer.staff && runtime().rebuilds.start();
}

/**
 * What /api/health answers: `ok`; `unavailable` (with what is down) while the store of record cannot be reached;
 * `failing` (with which projections and why) when this process's projector stopped on a failure; or `catching_up`
 * (with how many events to go) while the read model has not yet reached the log's head as it was at start. Then the
 * store, the head of the log, and the projections' lag.
 */
export async function health() {
  const { db, store, projector, readiness, log, storeReachable, processState } = runtime();
  try {
    if (!storeReachable()) throw new Error('no answer to the last pings (timed out), or no connection');
    await store.ping();
  } catch (error) {
    log.warn({ err: error }, 'health: the store of record does not answer');
    const message = (error as Error).message;
    const reason = /timed out/.test(message)
      ? 'it does not answer (hung, or the link dropped)'
      : /writeable|closed|ECONNREFUSED|ECONNRESET/.test(message)
        ? 'no connection (reconnecting)'
        : 'unreachable';
    return {
      status: 'unavailable' as const,
      down: [{ what: `store of record (${store.kind})`, reason }],
      eventStore: store.kind,
    };
  }
  const { head, lease, projections } = await projectionsStatus(db, store);
  const { ready, behind } = readiness();
  // A projector here that stopped on a failure serves an ever older read model: not healthy.
  const failed = (projector?.status() ?? [])
    .filter((p) => p.state === 'failed')
    .map((p) => ({ name: p.name, error: p.error }));
  const status = failed.length > 0 ? ('failing' as const) : ready ? ('ok' as const) : ('catching_up' as const);
  // The process managers run on whichever node holds their lease. None running is not this node's fault and does
  // not stop it serving (the status stays as it is, or a load balancer would drop every node), but it is said here:
  // without the reservations process, submitted orders are neither confirmed nor rejected.
  const processManagers = await processManagersStatus(processState, head);
  const warnings = processManagers
    .filter((p) => !p.running)
    .map((p) => `no node runs the process manager "${p.name}": submitted orders wait, neither confirmed nor rejected`);
  return {
    status,
    ...(failed.length > 0 ? { failed } : {}),
    ...(ready ? {} : { catchingUp: { behind } }),
    ...(warnings.length > 0 ? { warnings } : {}),
    eventStore: store.kind,
    head,
    projector: {
      inThisProcess: projector !== null,
      lease: lease && { owner: lease.owner, expiresAt: new Date(lease.expiresAt).toISOString() },
      // Lag is what is still to apply: `behind` and how long its oldest event has waited. (The time from an event to
      // its commit is not reported: after a rebuild or a catch-up it would only say how old the replayed event was.)
      projections: projections.map(({ name, checkpoint, behind, oldestPendingMs }) => ({
        name,
        checkpoint,
        behind,
        oldestPendingMs,
      })),
    },
    processManagers,
  };
}
