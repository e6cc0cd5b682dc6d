// The read side's data-access layer for staff and operators: the global event log, one event with its causes and
// effects, where the projections stand, rebuilds, and the health answer. Callers check that the viewer is staff
// (the health answer is public).
import 'server-only';
import type { RecordedEvent } from '../eventstore/types';
import { runtime } from '../runtime';
import {
  type ActivityEntry,
  activityCausedBy,
  activityLog,
  eventTypes,
  type LogFilter,
} from './projections/activity/queries';
import type { RebuildProgress } from './rebuild';
import { projectionsStatus } from './status';

/** A page of the event log, newest first, and the event types there are (for the filter). */
export function eventLog(filter: LogFilter): { rows: ActivityEntry[]; types: string[] } {
  const { db } = runtime();
  return { rows: activityLog(db, filter), types: eventTypes(db) };
}

export interface EventDetail {
  event: RecordedEvent;
  /** The event named by its causationId, when that is an event (else the cause was a command). */
  cause: RecordedEvent | null;
  /** Events whose causationId is this event. */
  caused: ActivityEntry[];
  /** Other events of its correlation, oldest first (at most 100). */
  correlated: ActivityEntry[];
}

/** One event as stored, with what caused it and what it caused; null when there is no such event. */
export async function eventDetail(eventId: string): Promise<EventDetail | null> {
  const { db, store } = runtime();
  if (eventId.length === 0 || eventId.length > 100) return null;
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
  return { event, cause, caused: activityCausedBy(db, event.eventId), correlated };
}

/** Where each projection stands (checkpoint, lag, lease) and what the in-process projector says of them. */
export async function projectionsOverview() {
  const { db, store, projector, rebuilds } = runtime();
  const status = await projectionsStatus(db, store);
  return {
    ...status,
    inThisProcess: projector !== null,
    running: projector?.status() ?? [],
    rebuild: rebuilds.current,
  };
}

/** Starts a rebuild of every projection in this server; false when one is already running. */
export function startRebuild(): boolean {
  return runtime().rebuilds.start();
}

/** The latest progress of a rebuild started here, or null. */
export function rebuildProgress(): RebuildProgress | null {
  return runtime().rebuilds.current;
}

/** What /api/health answers: the store, the head of the log, and the projections' lag. */
export async function health() {
  const { db, store, projector } = runtime();
  const { head, lease, projections } = await projectionsStatus(db, store);
  return {
    status: 'ok' as const,
    eventStore: store.kind,
    head,
    projector: {
      inThisProcess: projector !== null,
      lease: lease && { owner: lease.owner, expiresAt: new Date(lease.expiresAt).toISOString() },
      projections: projections.map(({ name, checkpoint, behind, commitLagMs, oldestPendingMs }) => ({
        name,
        checkpoint,
        behind,
        commitLagMs,
        oldestPendingMs,
      })),
    },
  };
}
