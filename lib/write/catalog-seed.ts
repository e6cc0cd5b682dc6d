// The catalog a first start begins with: a small coffee shop, listed as events with fixed ids, so that several
// nodes starting at once list each product exactly once (the store answers the later appends as retries).

import { PRODUCT_EVENT_SCHEMA_VERSIONS, type ProductEvent, productStream } from '../catalog/events';
import { isWrongExpectedVersion } from '../eventstore/errors';
import type { EventStore, NewEvent } from '../eventstore/types';
import { STOCK_EVENT_SCHEMA_VERSIONS, stockStream } from '../inventory/events';
import { nameBasedUuid } from './ids';

export interface SeedProduct {
  id: string;
  name: string;
  priceCents: number;
  active?: boolean;
}

export const SEED_PRODUCTS: SeedProduct[] = [
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

/** The events that list `p` (and retire it when it is not on sale), with ids derived from `idSeed` and its id. */
export function listingEvents(p: SeedProduct, idSeed: string, actor: string): NewEvent[] {
  const events: ProductEvent[] = [
    { type: 'ProductListed', data: { productId: p.id, name: p.name, priceCents: p.priceCents } },
  ];
  if (p.active === false) events.push({ type: 'ProductRetired', data: { productId: p.id } });
  return events.map((e, i) => ({
    type: e.type,
    data: e.data,
    eventId: nameBasedUuid(idSeed, p.id, i),
    metadata: { actor, actorName: actor, schemaVersion: PRODUCT_EVENT_SCHEMA_VERSIONS[e.type] },
  }));
}

/**
 * Lists `products` that have no stream yet, with ids derived from `idSeed`: an append that was made before (by this
 * or another node) is answered as a retry, a product listed otherwise is left alone. Returns how many were listed now.
 */
export async function listProductsOnce(
  store: EventStore,
  products: readonly SeedProduct[],
  idSeed: string,
  actor: string,
): Promise<number> {
  let listed = 0;
  for (const p of products) {
    try {
      const head = await store.headPosition();
      const r = await store.append(productStream(p.id), listingEvents(p, idSeed, actor), {
        expectedVersion: 'no_stream',
      });
      if (r.positions[0]! > head) listed++;
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error; // listed otherwise already
    }
  }
  return listed;
}

/** Seeds the catalog (see listProductsOnce); returns how many products this call listed. */
export const seedCatalog = (store: EventStore) =>
  listProductsOnce(store, SEED_PRODUCTS, 'orderly-seed-product', 'seed');

/** Units of each product on sale a first start has in stock. */
export const SEED_STOCK = 1000;

/**
 * Receives SEED_STOCK units of every seed product on sale that has no stock stream yet (a first start, or the first
 * start of the release that keeps stock), with event ids derived from the product: several nodes starting at once
 * receive it once. Returns how many products this call stocked.
 */
export async function seedStock(store: EventStore, products: readonly SeedProduct[] = SEED_PRODUCTS): Promise<number> {
  let stocked = 0;
  for (const p of products.filter((x) => x.active !== false)) {
    try {
      const head = await store.headPosition();
      const r = await store.append(
        stockStream(p.id),
        [
          {
            type: 'StockReceived',
            data: { productId: p.id, quantity: SEED_STOCK },
            eventId: nameBasedUuid('orderly-seed-stock', p.id),
            metadata: { actor: 'seed', actorName: 'seed', schemaVersion: STOCK_EVENT_SCHEMA_VERSIONS.StockReceived },
          },
        ],
        { expectedVersion: 'no_stream' },
      );
      if (r.positions[0]! > head) stocked++; // else a retry of this very append, answered as written before
    } catch (error) {
      if (!isWrongExpectedVersion(error) && (error as Error).name !== 'DuplicateEventError') throw error;
    }
  }
  return stocked;
}
