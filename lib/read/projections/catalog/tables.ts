// The catalog read model's tables (Drizzle): every product as it is now, and each one's price history. Written only
// by the catalog projection; rebuilt from the log at will.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The tables under names ending in `suffix` ('' for the live tables, a rebuild's shadow suffix otherwise). */
export function catalogTables(suffix = '') {
  const products = sqliteTable(
    `catalog_products${suffix}`,
    {
      id: text('id').primaryKey(),
      name: text('name').notNull(),
      priceCents: integer('price_cents').notNull(),
      /** On sale (true) or retired (false). */
      active: integer('active', { mode: 'boolean' }).notNull(),
      /** The product stream's version this row reflects. */
      version: integer('version').notNull(),
      listedAt: text('listed_at').notNull(),
      updatedAt: text('updated_at').notNull(),
    },
    (t) => [index(`catalog_products_active_name${suffix}`).on(t.active, t.name)],
  );
  const prices = sqliteTable(
    `catalog_prices${suffix}`,
    {
      productId: text('product_id').notNull(),
      /** The product stream's version of the event that set this price. */
      version: integer('version').notNull(),
      priceCents: integer('price_cents').notNull(),
      changedAt: text('changed_at').notNull(),
      actor: text('actor'),
    },
    (t) => [primaryKey({ columns: [t.productId, t.version] })],
  );
  return { products, prices };
}

export type CatalogTables = ReturnType<typeof catalogTables>;

const live = catalogTables();
export const catalogProducts = live.products;
export const catalogPrices = live.prices;
