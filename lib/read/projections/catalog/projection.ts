// The catalog projection: a product's row from its events, and a row of price history for each price it had.
import { sql } from 'drizzle-orm';
import { isProductStream, readProductEvent } from '../../../catalog/events';
import type { Projection } from '../projection';
import { excludedColumns, placeholders } from '../sql';
import { catalogTables } from './tables';

const text = (v: unknown) => (typeof v === 'string' ? v : null);

export const catalogProjection: Projection = {
  name: 'catalog',
  version: 1,
  tables: ['catalog_products', 'catalog_prices'],
  announces: false,
  open(db, suffix) {
    const { products: p, prices } = catalogTables(suffix);
    const list = db
      .insert(p)
      .values(placeholders('id', 'name', 'priceCents', 'active', 'version', 'listedAt', 'updatedAt'))
      .onConflictDoUpdate({ target: p.id, set: excludedColumns(p, ['id']) })
      .prepare();
    const at = (name: string) => sql`${sql.placeholder(name)}`;
    const where = sql`${p.id} = ${sql.placeholder('id')}`;
    const rename = db
      .update(p)
      .set({ name: at('name'), version: at('version'), updatedAt: at('at') })
      .where(where)
      .prepare();
    const reprice = db
      .update(p)
      .set({ priceCents: at('priceCents'), version: at('version'), updatedAt: at('at') })
      .where(where)
      .prepare();
    const setActive = db
      .update(p)
      .set({ active: at('active'), version: at('version'), updatedAt: at('at') })
      .where(where)
      .prepare();
    const price = db
      .insert(prices)
      .values(placeholders('productId', 'version', 'priceCents', 'changedAt', 'actor'))
      .prepare();
    return {
      onRecorded(raw) {
        if (!isProductStream(raw.streamId)) return;
        const e = readProductEvent(raw);
        const base = { id: e.data.productId, version: e.version, at: e.recordedAt };
        const actor = text(raw.metadata.actorName) ?? text(raw.metadata.actor);
        switch (e.type) {
          case 'ProductListed':
            list.run({
              id: e.data.productId,
              name: e.data.name,
              priceCents: e.data.priceCents,
              active: true,
              version: e.version,
              listedAt: e.recordedAt,
              updatedAt: e.recordedAt,
            });
            price.run({
              productId: e.data.productId,
              version: e.version,
              priceCents: e.data.priceCents,
              changedAt: e.recordedAt,
              actor,
            });
            return;
          case 'ProductRenamed':
            rename.run({ ...base, name: e.data.name });
            return;
          case 'PriceChanged':
            reprice.run({ ...base, priceCents: e.data.toCents });
            price.run({
              productId: e.data.productId,
              version: e.version,
              priceCents: e.data.toCents,
              changedAt: e.recordedAt,
              actor,
            });
            return;
          case 'ProductRetired':
            setActive.run({ ...base, active: 0 });
            return;
          case 'ProductRelisted':
            setActive.run({ ...base, active: 1 });
            return;
        }
      },
    };
  },
};
