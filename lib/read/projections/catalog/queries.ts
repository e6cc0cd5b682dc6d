// Queries of the catalog read model.
import { asc, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../../../../db/client';
import { catalogPrices, catalogProducts } from './tables';

export type CatalogProduct = typeof catalogProducts.$inferSelect;
export type PricePoint = typeof catalogPrices.$inferSelect;

/** Products by name: only those on sale unless `includeRetired`; `search` matches the name or id (any case). */
export function listCatalog(db: AppDb, { includeRetired = false, search = '' } = {}): CatalogProduct[] {
  const rows = db
    .select()
    .from(catalogProducts)
    .where(includeRetired ? undefined : eq(catalogProducts.active, true))
    .orderBy(asc(catalogProducts.name), asc(catalogProducts.id))
    .all();
  const q = fold(search.trim());
  // A catalog is small: matched here, where case folding knows every script (SQLite's lower() knows only ASCII).
  return q ? rows.filter((p) => fold(p.name).includes(q) || p.id.includes(q)) : rows;
}

const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase('und');

/** One product as the read model has it, or undefined. */
export const catalogProduct = (db: AppDb, id: string) =>
  db.select().from(catalogProducts).where(eq(catalogProducts.id, id)).get();

/** Every price a product had, newest first. */
export const priceHistory = (db: AppDb, id: string): PricePoint[] =>
  db.select().from(catalogPrices).where(eq(catalogPrices.productId, id)).orderBy(desc(catalogPrices.version)).all();
