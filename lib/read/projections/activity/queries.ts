// Queries of the activity read model: an order's timeline and the staff's global event log, every filter served by
// an index.
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, lt, lte, type SQL, sql } from 'drizzle-orm';
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
  /** Text found (any case) in the event's type, its actor or its order id. */
  text?: string;
  /** Event types whose label for people matches `text` ("Item added" → ItemAdded): found too. */
  textTypes?: readonly string[];
  /** Recorded at or after this ISO-8601 UTC time. */
  from?: string;
  /** Recorded before this ISO-8601 UTC time. */
  to?: string;
  /** Only entries before this position (the next older page). */
  before?: number;
  /** Only entries after this position (the next newer page); ignored with `before`. */
  after?: number;
  limit?: number;
}

/** `text` as a LIKE pattern that matches it literally anywhere (with ESCAPE '\\'). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The conditions of a filter, but for its paging bounds. */
function conditions(f: LogFilter): SQL[] {
  const where: SQL[] = [];
  if (f.type) where.push(eq(orderActivity.type, f.type));
  // The start of an id as a range, which the index serves (LIKE would not, being case-insensitive).
  if (f.orderId) where.push(gte(orderActivity.orderId, f.orderId), lt(orderActivity.orderId, `${f.orderId}\uffff`));
  if (f.correlationId) where.push(eq(orderActivity.correlationId, f.correlationId));
  if (f.text) {
    // Served by a scan in position order (no index holds "anywhere in the text"): fine for a page of a staff view.
    const p = containing(f.text);
    // The stream as pages show it ("order-9324e700") finds its order too.
    const id = containing(f.text.replace(/^order-/i, ''));
    const labelled = f.textTypes?.length ? sql` OR ${inArray(orderActivity.type, [...f.textTypes])}` : sql``;
    where.push(
      sql`(${orderActivity.type} LIKE ${p} ESCAPE '\\' OR ${orderActivity.actor} LIKE ${p} ESCAPE '\\' OR ${orderActivity.orderId} LIKE ${id} ESCAPE '\\'${labelled})`,
    );
  }
  if (f.from) where.push(gte(orderActivity.recordedAt, f.from));
  if (f.to) where.push(lt(orderActivity.recordedAt, f.to));
  return where;
}

/** The activity log newest first, filtered; a page before or after a position. */
export function activityLog(db: AppDb, f: LogFilter = {}): ActivityEntry[] {
  const where = conditions(f);
  const limit = f.limit ?? 50;
  if (f.before) where.push(lt(orderActivity.position, f.before));
  else if (f.after) {
    where.push(gt(orderActivity.position, f.after));
    const rows = db
      .select()
      .from(orderActivity)
      .where(and(...where))
      .orderBy(asc(orderActivity.position))
      .limit(limit)
      .all();
    return rows.reverse();
  }
  return db
    .select()
    .from(orderActivity)
    .where(and(...where))
    .orderBy(desc(orderActivity.position))
    .limit(limit)
    .all();
}

/**
 * How many entries match the filter (its paging bounds aside), and how many of them are newer than `position` (the
 * newest entry of a page): the page then shows entries newer+1 to newer+rows of total.
 */
export function activityCount(db: AppDb, f: LogFilter, position?: number): { total: number; newer: number } {
  const where = conditions(f);
  const total =
    db
      .select({ n: count() })
      .from(orderActivity)
      .where(and(...where))
      .get()?.n ?? 0;
  if (position === undefined) return { total, newer: 0 };
  const newer =
    db
      .select({ n: count() })
      .from(orderActivity)
      .where(and(...where, gt(orderActivity.position, position)))
      .get()?.n ?? 0;
  return { total, newer };
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

/** Order events of one type recorded in one minute. */
export interface MinuteCount {
  /** The minute, as `YYYY-MM-DDTHH:MM` (UTC). */
  minute: string;
  type: string;
  count: number;
}

/**
 * Order events per minute and type recorded at or after `since` (ISO-8601 UTC), oldest minute first. Recorded
 * times never go back along the log, so the first row at or after `since` is found by a binary search over
 * positions (point reads of the primary key, no index on the time) and the count reads only the rows after it.
 */
export function eventsPerMinute(db: AppDb, since: string): MinuteCount[] {
  const first = db.$client.prepare(
    'SELECT position, recorded_at AS recordedAt FROM order_activity WHERE position >= ? ORDER BY position LIMIT 1',
  );
  const bounds = db.$client.prepare('SELECT min(position) AS lo, max(position) AS hi FROM order_activity').get() as {
    lo: number | null;
    hi: number | null;
  };
  if (bounds.lo === null || bounds.hi === null) return [];
  let lo = bounds.lo;
  let hi = bounds.hi + 1; // the first position at or after `since` lies in [lo, hi]; hi = none
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = first.get(mid) as { position: number; recordedAt: string } | undefined;
    if (!row || row.recordedAt >= since) hi = mid;
    else lo = row.position + 1;
  }
  return db.$client
    .prepare(
      `SELECT substr(recorded_at, 1, 16) AS minute, type, count(*) AS count FROM order_activity
       WHERE position >= ? GROUP BY minute, type ORDER BY minute, type`,
    )
    .all(lo) as MinuteCount[];
}
