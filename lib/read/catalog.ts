// The read side's data-access layer for the catalog: the products on sale for shoppers and the API, and the whole
// catalog with each product's history for staff (null to anyone else).
import 'server-only';
import { productStream, readProductEvent, type StoredProductEvent } from '../catalog/events';
import type { Actor } from '../domain';
import { readStockEvent, type StoredStockEvent, stockStream } from '../inventory/events';
import { runtime } from '../runtime';
import {
  type CatalogProduct,
  catalogProduct,
  listCatalog,
  type PricePoint,
  priceHistory,
} from './projections/catalog/queries';
import { NO_STOCK, type StockLevel, stockLevelsOf } from './projections/stock/queries';

export type { CatalogProduct, PricePoint } from './projections/catalog/queries';
export type { StockLevel } from './projections/stock/queries';

/** A product with its stock (from the stock read model; no stock received: all zero). */
export type StockedProduct = CatalogProduct & { stock: StockLevel };

const withStock = (products: CatalogProduct[]): StockedProduct[] => {
  const levels = stockLevelsOf(
    runtime().db,
    products.map((p) => p.id),
  );
  return products.map((p) => ({ ...p, stock: levels.get(p.id) ?? NO_STOCK }));
};

/** The products on sale, by name, with what may still be ordered of each (from the read models). */
export function productsOnSale(): StockedProduct[] {
  return withStock(listCatalog(runtime().db));
}

/** Staff: every product, retired ones too, by name, with its stock; `search` matches name or id in any case. */
export function catalogForStaff(viewer: Actor, search = ''): StockedProduct[] | null {
  if (!viewer.staff) return null;
  return withStock(listCatalog(runtime().db, { includeRetired: true, search }));
}

export interface ProductDetail {
  product: StockedProduct;
  /** Every price it had, newest first (read model). */
  prices: PricePoint[];
  /** Its events as recorded, newest first, with who did each. */
  events: (StoredProductEvent & { actor: string | null })[];
  /** Its stock's events as recorded (Inventory), newest first, with who did each (the latest 200). */
  stockEvents: (StoredStockEvent & { actor: string | null })[];
}

/** Staff: one product with its price history and its events from the event store; null when there is no such product. */
export async function productDetail(viewer: Actor, productId: string): Promise<ProductDetail | null> {
  if (!viewer.staff) return null;
  const { db, store } = runtime();
  const product = catalogProduct(db, productId);
  if (!product) return null;
  const raw = await store.readStream(productStream(productId), { direction: 'backward', limit: 200 });
  const events = raw.map((r) => {
    const a = r.metadata.actorName ?? r.metadata.actor;
    return { ...readProductEvent(r), actor: typeof a === 'string' ? a : null };
  });
  const stockRaw = await store.readStream(stockStream(productId), { direction: 'backward', limit: 200 });
  const stockEvents = stockRaw.map((r) => {
    const a = r.metadata.actorName ?? r.metadata.actor;
    return { ...readStockEvent(r), actor: typeof a === 'string' ? a : null };
  });
  return { product: withStock([product])[0]!, prices: priceHistory(db, productId), events, stockEvents };
}
