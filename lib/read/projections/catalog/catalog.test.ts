// The catalog read model: given product events, then rows and price history.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProductEvent } from '../../../catalog/events';
import { type GivenModel, givenEvents } from '../testing';
import { catalogProduct, listCatalog, priceHistory } from './queries';

let given: GivenModel | undefined;
afterEach(() => given?.close());

const listed = (productId: string, name: string, priceCents: number): ProductEvent => ({
  type: 'ProductListed',
  data: { productId, name, priceCents },
});

describe('the catalog read model', () => {
  it('given a product listed, renamed, repriced twice, retired and relisted: its row now and every price it had', () => {
    given = givenEvents([
      listed('mug', 'Mug', 1800),
      { type: 'PriceChanged', data: { productId: 'mug', fromCents: 1800, toCents: 2000 } },
      { type: 'ProductRenamed', data: { productId: 'mug', name: 'Stoneware mug' } },
      { type: 'ProductRetired', data: { productId: 'mug' } },
      { type: 'ProductRelisted', data: { productId: 'mug' } },
      { type: 'PriceChanged', data: { productId: 'mug', fromCents: 2000, toCents: 1900 }, actor: 'sam' },
    ]);
    expect(catalogProduct(given.db, 'mug')).toEqual({
      id: 'mug',
      name: 'Stoneware mug',
      priceCents: 1900,
      active: true,
      version: 6,
      listedAt: given.recorded[0]!.recordedAt,
      updatedAt: given.recorded[5]!.recordedAt,
    });
    expect(priceHistory(given.db, 'mug').map((p) => [p.version, p.priceCents, p.actor])).toEqual([
      [6, 1900, 'sam'],
      [2, 2000, 'ann'],
      [1, 1800, 'ann'],
    ]);
  });

  it('lists what is on sale by name; staff see retired ones too, and search by name or id in any case', () => {
    given = givenEvents([
      listed('tea', 'Sencha tea', 890),
      listed('mug', 'Stoneware mug', 1800),
      listed('old', 'Old syrup', 799),
      { type: 'ProductRetired', data: { productId: 'old' } },
    ]);
    expect(listCatalog(given.db).map((p) => p.id)).toEqual(['tea', 'mug']);
    expect(listCatalog(given.db, { includeRetired: true }).map((p) => p.id)).toEqual(['old', 'tea', 'mug']);
    expect(listCatalog(given.db, { includeRetired: true, search: 'STONE' }).map((p) => p.id)).toEqual(['mug']);
    expect(listCatalog(given.db, { includeRetired: true, search: 'ol' }).map((p) => p.id)).toEqual(['old']);
    expect(listCatalog(given.db, { search: '%' })).toEqual([]);
    expect(listCatalog(given.db, { search: 'ea' }).map((p) => p.id)).toEqual(['tea']);
  });

  it('searches names in any case in every script', () => {
    given = givenEvents([listed('eclair', 'Éclair au café', 450), listed('tea', 'Sencha tea', 890)]);
    for (const q of ['Éclair', 'éclair', 'CAFÉ', 'café', 'ÉCLAIR']) {
      expect(
        listCatalog(given.db, { search: q }).map((p) => p.id),
        q,
      ).toEqual(['eclair']);
    }
  });
});
