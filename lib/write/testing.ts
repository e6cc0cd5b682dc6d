// Test helpers for the write side: a catalog listed into a real store, and the lookup order commands decide with.
import type { EventStore } from '../eventstore/types';
import type { Product } from '../orders/order';
import { listProductsOnce, SEED_PRODUCTS } from './catalog-seed';
import type { ProductLookup } from './order-commands';
import { ProductCatalog } from './product-commands';

/**
 * Lists `products` (default: the seed catalog) into `store` as product streams, and returns the lookup that order
 * commands use in the app: each product's state read from its own stream.
 */
export async function listedCatalog(
  store: EventStore,
  products: readonly Pick<Product, 'id' | 'name' | 'priceCents' | 'active'>[] = SEED_PRODUCTS.map((p) => ({
    ...p,
    active: p.active !== false,
  })),
): Promise<ProductLookup> {
  await listProductsOnce(store, products, 'orderly-test-catalog', 'test');
  const catalog = new ProductCatalog(store);
  return (ids) => catalog.find(ids);
}
