// The stock read model's tables (Drizzle): each product's units on hand and held, and every movement of stock for an
// order, as the Inventory context's events say. Written only by the stock projection; rebuilt from the log at will.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The table under a name ending in `suffix` ('' for the live table, a rebuild's shadow suffix otherwise). */
export function stockTables(suffix = '') {
  const levels = sqliteTable(`stock_levels${suffix}`, {
    productId: text('product_id').primaryKey(),
    /** Units counted in and not yet committed to an order (held ones included). */
    onHand: integer('on_hand').notNull(),
    /** Units held for orders. */
    reserved: integer('reserved').notNull(),
    /** The stock stream's version this row reflects. */
    version: integer('version').notNull(),
    updatedAt: text('updated_at').notNull(),
  });
  /** Every stock event that concerns an order (held, refused, released, committed), for the order's timeline. */
  const movements = sqliteTable(
    `stock_movements${suffix}`,
    {
      /** The event's global position. */
      position: integer('position').primaryKey(),
      eventId: text('event_id').notNull(),
      productId: text('product_id').notNull(),
      orderId: text('order_id').notNull(),
      type: text('type').notNull(),
      quantity: integer('quantity').notNull(),
      /** For a refusal: how many were available then. */
      available: integer('available'),
      /** The event that caused it (the order's submit or cancel). */
      causationId: text('causation_id'),
      recordedAt: text('recorded_at').notNull(),
    },
    (t) => [index(`stock_movements_order${suffix}`).on(t.orderId, t.position)],
  );
  return { levels, movements };
}

const live = stockTables();
export const stockLevels = live.levels;
export const stockMovements = live.movements;
