// The orders read model's tables (Drizzle): one row per order, its lines, and per-customer figures. Written only by
// the orders projection; rebuilt from the log at will. Every time in them comes from the events' recordedAt.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ORDER_STATUSES } from '../../../orders/events';

/** The tables under names ending in `suffix` ('' for the live tables, a rebuild's shadow suffix otherwise). */
export function ordersTables(suffix = '') {
  const summaries = sqliteTable(
    `order_summaries${suffix}`,
    {
      id: text('id').primaryKey(),
      /**
       * The order's number for people: the global position of its first event, so unique and gap-tolerant with no
       * counter to keep (null only for a row from before numbers, until the projection is rebuilt).
       */
      number: integer('number'),
      customerId: text('customer_id').notNull(),
      /** The customer's username when they created the order (null for orders from before names were recorded). */
      customerName: text('customer_name'),
      status: text('status', { enum: ORDER_STATUSES }).notNull(),
      totalCents: integer('total_cents').notNull(),
      /** Distinct lines. */
      itemCount: integer('item_count').notNull(),
      /** The stream version this row reflects, so readers can tell whether a write is visible yet. */
      version: integer('version').notNull(),
      createdAt: text('created_at').notNull(),
      updatedAt: text('updated_at').notNull(),
      submittedAt: text('submitted_at'),
      cancelledAt: text('cancelled_at'),
      cancelReason: text('cancel_reason'),
    },
    (t) => [
      index(`order_summaries_customer_created${suffix}`).on(t.customerId, t.createdAt, t.id),
      index(`order_summaries_customer_status_created${suffix}`).on(t.customerId, t.status, t.createdAt, t.id),
      index(`order_summaries_status_created${suffix}`).on(t.status, t.createdAt, t.id),
      index(`order_summaries_created${suffix}`).on(t.createdAt, t.id),
      index(`order_summaries_number${suffix}`).on(t.number),
    ],
  );
  const items = sqliteTable(
    `order_items${suffix}`,
    {
      orderId: text('order_id').notNull(),
      productId: text('product_id').notNull(),
      /** Position of the line on the order (0-based, in the order lines were added). */
      lineNo: integer('line_no').notNull(),
      name: text('name').notNull(),
      quantity: integer('quantity').notNull(),
      unitPriceCents: integer('unit_price_cents').notNull(),
    },
    (t) => [primaryKey({ columns: [t.orderId, t.productId] })],
  );
  const stats = sqliteTable(`customer_stats${suffix}`, {
    customerId: text('customer_id').primaryKey(),
    ordersCount: integer('orders_count').notNull(),
    /** Orders now submitted (a submitted order later cancelled counts as cancelled). */
    submittedCount: integer('submitted_count').notNull(),
    cancelledCount: integer('cancelled_count').notNull(),
    /** Sum of the totals of the orders now submitted. */
    lifetimeValueCents: integer('lifetime_value_cents').notNull(),
    lastOrderAt: text('last_order_at'),
    /** Order events of this customer applied: a per-customer sequence that announcements carry. */
    events: integer('events').notNull().default(0),
  });
  return { summaries, items, stats };
}

export type OrdersTables = ReturnType<typeof ordersTables>;

const live = ordersTables();
export const orderSummaries = live.summaries;
export const orderItems = live.items;
export const customerStats = live.stats;
