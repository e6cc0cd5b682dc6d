// Queries of the catalog read model.
import { and, asc, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import type { AppDb } from '../../../../db/client';
import { catalogPrices, catalogProducts } from './tables';

export type CatalogProduct = typeof catalogProducts.$inferSelect;
export type PricePoint = typeof catalogPrices.$inferSelect;

/** Products by name: only those on sale unless `includeRetired`; `search` matches the name or id (any case). */
export function listCatalog(db: AppDb, { includeRetired = false, search = '' } = {}): CatalogProduct[] {
  const where: SQL[] = [];
  if (!includeRetired) where.push(eq(catalogProducts.active, true));
  const q = search.trim().toLowerCase();
  if (q) {
    // A plain substring search: instr has no wildcards to escape.
    where.push(or(sql`instr(lower(${catalogProducts.name}), ${q}) > 0`, sql`instr(${catalogProducts.id}, ${q}) > 0`)!);
  }
  return db
    .select()
    .from(catalogProducts)
    .where(and(...where))
    .orderBy(asc(catalogProducts.name), asc(catalogProducts.id))
    .all();
}

/** One product as the read model has it, or undefined. */
export const catalogProduct = (db: AppDb, id: string) =>
  db.select().from(catalogProducts).where(eq(catalogProducts.id, id)).get();

/** Every price a product had, newest first. */
export const priceHistory = (db: AppDb, id: string): PricePoint[] =>
  db.select().from(catalogPrices).where(eq(catalogPrices.productId, id)).orderBy(desc(catalogPrices.version)).all();
