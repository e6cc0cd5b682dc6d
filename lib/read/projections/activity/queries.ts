// Queries of the activity read model: an order's timeline and the staff's global event log, every filter served by
// an index.
import { and, asc, desc, eq, gte, isNotNull, lt, lte, type SQL } from 'drizzle-orm';
import type { AppDb } from '../../../../db/client';
import { ORDER_STATE_SCHEMA_VERSION, type Order } from '../../../orders/order';
import { orderActivity } from './tables';

export type ActivityEntry = typeof orderActivity.$inferSelect;

/** How many timeline entries a page shows by default. */
export const TIMELINE_PAGE = 50;

/**
 * A page of the order's timeline, newest first: the entries before version `before` (default: all), `limit` at most
 * (default TIMELINE_PAGE). Callers check who may see the order.
 */
export function orderActivityRows(
  db: AppDb,
  orderId: string,
  { before, limit = TIMELINE_PAGE }: { before?: number; limit?: number } = {},
): ActivityEntry[] {
  const where = [eq(orderActivity.orderId, orderId)];
  if (before !== undefined) where.push(lt(orderActivity.version, before));
  return db
    .select()
    .from(orderActivity)
    .where(and(...where))
    .orderBy(desc(orderActivity.version))
    .limit(limit)
    .all();
}

/** The timeline entry of the order's event at `version`, if the read model has it. */
export function activityAt(db: AppDb, orderId: string, version: number): ActivityEntry | undefined {
  return db
    .select()
    .from(orderActivity)
    .where(and(eq(orderActivity.orderId, orderId), eq(orderActivity.version, version)))
    .get();
}

/**
 * The newest history snapshot of the order at or before `when` (a version, or a moment: recorded at or before it),
 * written by code of this state schema; null when there is none.
 */
export function historySnapshot(
  db: AppDb,
  orderId: string,
  when: { version: number } | { at: Date },
): { state: Order; version: number } | null {
  const bound =
    'version' in when ? lte(orderActivity.version, when.version) : lte(orderActivity.recordedAt, when.at.toISOString());
  const row = db
    .select({ version: orderActivity.version, snapshot: orderActivity.snapshot })
    .from(orderActivity)
    .where(and(eq(orderActivity.orderId, orderId), isNotNull(orderActivity.snapshot), bound))
    .orderBy(desc(orderActivity.version))
    .limit(1)
    .get();
  if (!row?.snapshot) return null;
  const parsed = JSON.parse(row.snapshot) as { schemaVersion: number; state: Order };
  return parsed.schemaVersion === ORDER_STATE_SCHEMA_VERSION ? { state: parsed.state, version: row.version } : null;
}

export interface LogFilter {
  type?: string;
  /** A whole order id, or its start (the short id pages show): lower-case, at least 4 characters. */
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
  // The start of an id as a range, which the index serves (LIKE would not, being case-insensitive).
  if (f.orderId) where.push(gte(orderActivity.orderId, f.orderId), lt(orderActivity.orderId, `${f.orderId}\uffff`));
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
