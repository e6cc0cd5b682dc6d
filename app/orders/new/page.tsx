import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import { MAX_QUANTITY } from '../../../lib/orders/order';
import { productsOnSale } from '../../../lib/read/catalog';
import { availability, money } from '../../../lib/web/format';
import { readerLocale, requireViewer } from '../../../lib/web/viewer';
import { RefreshOnProducts } from '../../_live/RefreshOnProducts';
import { createOrderAction, orderCreatedAction } from './actions';
import { NewOrderForm } from './NewOrderForm';

export const metadata: Metadata = { title: 'New order' };

export default async function NewOrderPage() {
  await requireViewer('/orders/new');
  const locale = await readerLocale();
  const products = productsOnSale().map((p) => ({
    id: p.id,
    name: p.name,
    priceCents: p.priceCents,
    price: money(p.priceCents, locale),
    availability: availability(p.stock.available),
  }));
  return (
    <>
      <RefreshOnProducts stockOf={products.map((p) => p.id)} />
      <div className="page-head">
        <div>
          <h1>New order</h1>
          <p className="muted">Choose quantities; prices are the catalog&apos;s at the moment you create the order.</p>
        </div>
      </div>
      <NewOrderForm
        products={products}
        action={createOrderAction}
        created={orderCreatedAction}
        locale={locale}
        commandId={randomUUID()}
        maxQuantity={MAX_QUANTITY}
      />
    </>
  );
}
