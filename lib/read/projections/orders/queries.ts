// Queries of the orders read model: plain, indexed SQL (Drizzle). A viewer sees their own
// orders; staff see all. An order the viewer may not see is answered exactly like one that does not exist.
import { and, asc, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AppDb } from '../../../../db/client';
import type { Actor } from '../../../domain';
import type { OrderStatus } from '../../../orders/events';
import { mayAccess } from '../../../orders/order';
import type { LocalNotifier } from '../../notifier';
import { orderItems, orderSummaries, customerStats as statsTable } from './tables';

export type OrderSummary = typeof orderSummaries.$inferSelect;
export type OrderItem = Omit<typeof orderItems.$inferSelect, 'orderId' | 'lineNo'>;
export type CustomerStats = typeof statsTable.$inferSelect;

export interface OrderView {
  summary: OrderSummary;
  items: OrderItem[];
}

const visible = (summary: OrderSummary | undefined, viewer: Actor) =>
  summary !== undefined && mayAccess(viewer, summary.customerId);

/** The id of the order with this number (its first event's position), when the viewer may see it; else null. */
export function orderIdByNumber(db: AppDb, number: number, viewer: Actor): string | null {
  const summary = db.select().from(orderSummaries).where(eq(orderSummaries.number, number)).get();
  return visible(summary, viewer) ? summary!.id : null;
}

export function getOrder(db: AppDb, id: string, viewer: Actor): OrderView | null {
  const summary = db.select().from(orderSummaries).where(eq(orderSummaries.id, id)).get();
  if (!visible(summary, viewer)) return null;
  const items = db
    .select({
      productId: orderItems.productId,
      name: orderItems.name,
      quantity: orderItems.quantity,
      unitPriceCents: orderItems.unitPriceCents,
    })
    .from(orderItems)
    .where(eq(orderItems.orderId, id))
    .orderBy(asc(orderItems.lineNo))
    .all();
  return { summary: summary!, items };
}

export interface ListOptions {
  status?: OrderStatus;
  /** 1-100, default 50. */
  limit?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  /** Staff only: one customer's orders. */
  customerId?: string;
  /** Created at or after this ISO-8601 UTC time. */
  createdFrom?: string;
  /** Created before this ISO-8601 UTC time. */
  createdTo?: string;
}

export class BadCursorError extends Error {
  override name = 'BadCursorError';
}

const encodeCursor = (s: Pick<OrderSummary, 'createdAt' | 'id'>) =>
  Buffer.from(JSON.stringify([s.createdAt, s.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    // fall through: not ours
  }
  throw new BadCursorError('cursor is not one this server gave out');
}

/** Orders newest first (by creation), a page at a time. */
export function listOrders(
  db: AppDb,
  viewer: Actor,
  options: ListOptions = {},
): { orders: OrderSummary[]; nextCursor: string | null } {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RangeError('limit must be from 1 to 100');
  const where: SQL[] = [];
  const customerId = viewer.staff ? options.customerId : viewer.id;
  if (customerId !== undefined) where.push(eq(orderSummaries.customerId, customerId));
  if (options.status) where.push(eq(orderSummaries.status, options.status));
  if (options.createdFrom) where.push(gte(orderSummaries.createdAt, options.createdFrom));
  if (options.createdTo) where.push(lt(orderSummaries.createdAt, options.createdTo));
  if (options.cursor) {
    const [createdAt, id] = decodeCursor(options.cursor);
    where.push(
      or(
        lt(orderSummaries.createdAt, createdAt),
        and(eq(orderSummaries.createdAt, createdAt), lt(orderSummaries.id, id)),
      )!,
    );
  }
  const rows = db
    .select()
    .from(orderSummaries)
    .where(and(...where))
    .orderBy(desc(orderSummaries.createdAt), desc(orderSummaries.id))
    .limit(limit + 1)
    .all();
  const more = rows.length > limit;
  const orders = more ? rows.slice(0, limit) : rows;
  return { orders, nextCursor: more ? encodeCursor(orders[orders.length - 1]!) : null };
}

export function customerStats(db: AppDb, customerId: string): CustomerStats {
  return (
    db.select().from(statsTable).where(eq(statsTable.customerId, customerId)).get() ?? {
      customerId,
      ordersCount: 0,
      submittedCount: 0,
      cancelledCount: 0,
      lifetimeValueCents: 0,
      lastOrderAt: null,
      events: 0,
    }
  );
}

/** The version the read model shows for an order (0 when not projected yet). */
export function projectedVersion(db: AppDb, orderId: string): number {
  return (
    db.select({ v: orderSummaries.version }).from(orderSummaries).where(eq(orderSummaries.id, orderId)).get()?.v ?? 0
  );
}

/**
 * Read-your-writes: resolves true once the read model shows `version` of the order (told by the notifier, checked
 * against the table), false after `timeoutMs`.
 */
export function waitForVersion(
  db: AppDb,
  notifier: LocalNotifier,
  orderId: string,
  version: number,
  timeoutMs: number,
): Promise<boolean> {
  if (projectedVersion(db, orderId) >= version) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      clearInterval(poll);
      off();
      resolve(ok);
    };
    const off = notifier.onChanges((changes) => {
      if (changes.some((c) => c.orderId === orderId && c.version >= version)) done(true);
    });
    const timer = setTimeout(() => done(projectedVersion(db, orderId) >= version), timeoutMs);
    // A projector in another process announces nothing here: look now and then too.
    const poll = setInterval(() => projectedVersion(db, orderId) >= version && done(true), 100);
    // The commit may have landed between the first check and the listener.
    if (projectedVersion(db, orderId) >= version) done(true);
  });
}

/**
 * A customer's spending: each order now submitted, confirmed or shipped since `since` (ISO-8601 UTC), with when it
 * was submitted (ISO-8601 UTC) and its total in cents, oldest first. Months are the reader's, so the reader's page
 * groups them in its own time zone (an order submitted at 23:30 on 31 March in New York is April's in UTC).
 */
export function spendingSince(
  db: AppDb,
  customerId: string,
  since: string,
): { submittedAt: string; totalCents: number }[] {
  return db
    .select({ submittedAt: sql<string>`${orderSummaries.submittedAt}`, totalCents: orderSummaries.totalCents })
    .from(orderSummaries)
    .where(
      and(
        eq(orderSummaries.customerId, customerId),
        inArray(orderSummaries.status, ['submitted', 'confirmed', 'shipped']),
        gte(orderSummaries.submittedAt, since),
      ),
    )
    .orderBy(asc(orderSummaries.submittedAt))
    .all();
}
