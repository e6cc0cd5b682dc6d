// The catalog a first start begins with: a small coffee shop.
import type { AppDb } from '../../db/client';
import { products } from '../../db/schema';
import { countProducts, type NewProduct } from './products';

export const SEED_PRODUCTS: NewProduct[] = [
  { id: 'espresso-beans', name: 'Espresso beans, 1 kg', priceCents: 2400 },
  { id: 'filter-beans', name: 'Filter roast beans, 500 g', priceCents: 1350 },
  { id: 'decaf-beans', name: 'Decaf beans, 500 g', priceCents: 1450 },
  { id: 'single-origin', name: 'Single-origin Ethiopia, 250 g', priceCents: 1290 },
  { id: 'cold-brew', name: 'Cold brew concentrate, 1 l', priceCents: 1100 },
  { id: 'green-tea', name: 'Sencha green tea, 100 g', priceCents: 890 },
  { id: 'chai', name: 'Masala chai, 200 g', priceCents: 950 },
  { id: 'oat-milk', name: 'Barista oat milk, 1 l', priceCents: 299 },
  { id: 'filter-papers', name: 'Filter papers (100)', priceCents: 450 },
  { id: 'pour-over', name: 'Ceramic pour-over dripper', priceCents: 2800 },
  { id: 'french-press', name: 'French press, 1 l', priceCents: 3450 },
  { id: 'moka-pot', name: 'Moka pot, 6 cups', priceCents: 3900 },
  { id: 'hand-grinder', name: 'Hand grinder', priceCents: 6500 },
  { id: 'kettle', name: 'Gooseneck kettle', priceCents: 5900 },
  { id: 'scale', name: 'Brewing scale', priceCents: 3200 },
  { id: 'mug', name: 'Stoneware mug', priceCents: 1800 },
  { id: 'travel-cup', name: 'Insulated travel cup', priceCents: 2500 },
  { id: 'cleaning-tablets', name: 'Machine cleaning tablets', priceCents: 1190 },
  { id: 'gift-card', name: 'Gift card', priceCents: 5000 },
  { id: 'biscotti', name: 'Almond biscotti, 200 g', priceCents: 650 },
  { id: 'syrup-vanilla', name: 'Vanilla syrup (retired)', priceCents: 799, active: false },
];

/** Seeds the catalog on first start (an empty products table); later starts leave it alone. */
export function seedCatalog(db: AppDb): number {
  if (countProducts(db) > 0) return 0;
  db.insert(products).values(SEED_PRODUCTS).run();
  return SEED_PRODUCTS.length;
}
