// The product catalog: plain CRUD over the products table. Prices are integer cents.
import { asc, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDb } from '../../db/client';
import { products } from '../../db/schema';
import type { Product } from '../orders/order';

export const ProductId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a product id is 1-64 of a-z, 0-9 and -, starting with a letter or digit');

export const NewProduct = z.object({
  id: ProductId,
  name: z.string().trim().min(1).max(120),
  priceCents: z.number().int().min(0).max(100_000_000),
  active: z.boolean().default(true),
});
export type NewProduct = z.input<typeof NewProduct>;

const toProduct = (row: typeof products.$inferSelect): Product => ({
  id: row.id,
  name: row.name,
  priceCents: row.priceCents,
  active: row.active,
});

export function listProducts(db: AppDb, { includeInactive = false } = {}): Product[] {
  const q = db.select().from(products);
  const rows = includeInactive
    ? q.orderBy(asc(products.name)).all()
    : q.where(eq(products.active, true)).orderBy(asc(products.name)).all();
  return rows.map(toProduct);
}

/** The catalog entries for these ids, as they are right now (unknown ids are simply absent). */
export function findProducts(db: AppDb, ids: readonly string[]): Map<string, Product> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select()
    .from(products)
    .where(inArray(products.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((r) => [r.id, toProduct(r)]));
}

export function createProduct(db: AppDb, input: NewProduct): Product {
  const p = NewProduct.parse(input);
  return toProduct(db.insert(products).values(p).returning().get());
}

export function updateProduct(
  db: AppDb,
  id: string,
  patch: Partial<Pick<Product, 'name' | 'priceCents' | 'active'>>,
): Product | undefined {
  const p = NewProduct.omit({ id: true }).partial().parse(patch);
  const row = db
    .update(products)
    .set({ ...p, updatedAt: new Date().toISOString() })
    .where(eq(products.id, id))
    .returning()
    .get();
  return row && toProduct(row);
}

export function countProducts(db: AppDb): number {
  return db.select({ n: count() }).from(products).get()?.n ?? 0;
}
