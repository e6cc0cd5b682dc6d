// The read side's data-access layer for the catalog: the products on sale, for pages and the API.
import 'server-only';
import { listProducts } from '../catalog/products';
import type { Product } from '../orders/order';
import { runtime } from '../runtime';

/** The products on sale, by name. */
export function productsOnSale(): Product[] {
  return listProducts(runtime().db);
}
