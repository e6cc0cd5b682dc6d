// Queries of the activity read model: an order's timeline and the staff's global event log, every filter served by
// an index.
import { and, asc, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AppDb } from '../../../../db/client';
import { orderActivity } from './tables';

export type ActivityEntry = typeof orderActivity.$inferSelect;

/** The order's events as the activity projection shows them, oldest first (callers check who may see them). */
export function orderActivityRows(db: AppDb, orderId: string): ActivityEntry[] {
  return db
    .select()
    .from(orderActivity)
    .where(eq(orderActivity.orderId, orderId))
    .orderBy(asc(orderActivity.version))
    .all();
}

export interface LogFilter {
  type?: string;
  orderId?: string;
  correlationId?: string;
  /** Only entries before this position (paging backwards). */
  before?: number;
  limit?: number;
}

/** The activity log newest first, filtered; every filter is served by an index. */
export function activityLog(db: AppDb, f: LogFilter = {}): ActivityEntry[] {
  const where: SQL[] = [];
  if (f.type) where.push(eq(orderActivity.type, f.type));
  if (f.orderId) where.push(eq(orderActivity.orderId, f.orderId));
  if (f.correlationId) where.push(eq(orderActivity.correlationId, f.correlationId));
  if (f.before) where.push(lt(orderActivity.position, f.before));
  return db
    .select()
    .from(orderActivity)
    .where(and(...where))
    .orderBy(desc(orderActivity.position))
    .limit(f.limit ?? 50)
    .all();
}

export function activityOfEvent(db: AppDb, eventId: string): ActivityEntry | undefined {
  return db.select().from(orderActivity).where(eq(orderActivity.eventId, eventId)).get();
}

/** Events whose causationId is this event's id. */
export function activityCausedBy(db: AppDb, eventId: string): ActivityEntry[] {
  return db
    .select()
    .from(orderActivity)
    .where(eq(orderActivity.causationId, eventId))
    .orderBy(asc(orderActivity.position))
    .all();
}

export function eventTypes(db: AppDb): string[] {
  return db
    .selectDistinct({ type: orderActivity.type })
    .from(orderActivity)
    .orderBy(asc(orderActivity.type))
    .all()
    .map((r) => r.type);
}
