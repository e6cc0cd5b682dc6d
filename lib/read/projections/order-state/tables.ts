// The folded Order state of every order the projections have seen (Drizzle): JSON, with the schema version of
// the code that folded it.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Its checkpoint's name, and its table's. */
export const ORDER_STATE = 'order_state';

export function orderStateTables(suffix = '') {
  const orderState = sqliteTable(`order_state${suffix}`, {
    orderId: text('order_id').primaryKey(),
    /** ORDER_STATE_SCHEMA_VERSION of the code that folded it. */
    schemaVersion: integer('schema_version').notNull(),
    /** The Order state as JSON. */
    state: text('state').notNull(),
  });
  return { orderState };
}
export const orderState = orderStateTables().orderState;
