// The stock read model's table (Drizzle): each product's units on hand and held, as the Inventory context's events
// say. Written only by the stock projection; rebuilt from the log at will.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
  return { levels };
}

export const stockLevels = stockTables().levels;
