import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ProductId } from '../../../../lib/catalog/events';
import { productDetail } from '../../../../lib/read/catalog';
import { dollarsOf, money, productEventLabel, stockEventLabel } from '../../../../lib/web/format';
import { readerLocale, requireStaff, staffTitle } from '../../../../lib/web/viewer';
import { LocalTime } from '../../../_components/LocalTime';
import { adjustStockAction, receiveStockAction, updateProductAction } from '../actions';
import { EditProductForm, StockForms } from '../forms';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return staffTitle(`Product ${(await params).id.slice(0, 64)}`);
}

export default async function ProductPage({ params }: Props) {
  const viewer = await requireStaff();
  const { id } = await params;
  if (!ProductId.safeParse(id).success) notFound();
  const detail = await productDetail(viewer, id);
  if (!detail) notFound();
  const locale = await readerLocale();
  const { product, prices, events } = detail;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{product.name}</h1>
          <p className="muted">
            <code>{product.id}</code> · {product.active ? 'on sale' : 'retired'} · {money(product.priceCents, locale)} ·
            version {product.version}
          </p>
        </div>
        <Link className="button" href="/admin/catalog">
          Catalog
        </Link>
      </div>
      <section className="card" aria-labelledby="edit-heading">
        <h2 id="edit-heading">Change</h2>
        <EditProductForm
          action={updateProductAction.bind(null, product.id)}
          commandId={randomUUID()}
          version={product.version}
          name={product.name}
          price={dollarsOf(product.priceCents)}
          active={product.active}
        />
      </section>
      <section className="card" aria-labelledby="stock-heading">
        <h2 id="stock-heading">Stock</h2>
        <p data-testid="stock-level">
          {product.stock.onHand} on hand · {product.stock.reserved} held for orders ·{' '}
          <strong>{product.stock.available} available</strong>
        </p>
        <StockForms
          receive={receiveStockAction.bind(null, product.id)}
          adjust={adjustStockAction.bind(null, product.id)}
          commandIds={[randomUUID(), randomUUID()]}
        />
        <h3>Stock history</h3>
        {detail.stockEvents.length === 0 ? (
          <p className="muted">No stock received yet.</p>
        ) : (
          <ol className="timeline" aria-label="Stock events">
            {detail.stockEvents.map((e) => (
              <li key={e.version}>
                <bdi>{stockEventLabel(e)}</bdi> <span className="muted small">v{e.version}</span>
                <br />
                <span className="muted small">
                  <bdi>{e.actor ?? 'unknown'}</bdi> · <LocalTime iso={e.recordedAt} />
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
      <div className="grid grid-2">
        <section className="card" aria-labelledby="prices-heading">
          <h2 id="prices-heading">Price history</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Since</th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {prices.map((p) => (
                  <tr key={p.version}>
                    <td>
                      <LocalTime iso={p.changedAt} mode="exact" />
                    </td>
                    <td className="num">{money(p.priceCents, locale)}</td>
                    <td>{p.actor ?? 'unknown'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="events-heading">
          <h2 id="events-heading">Events</h2>
          <ol className="timeline" aria-label="Product events">
            {events.map((e) => (
              <li key={e.version}>
                <span className="type">{productEventLabel(e, locale)}</span>{' '}
                <span className="muted small">v{e.version}</span>
                <br />
                <span className="muted small">
                  {e.actor ?? 'unknown'} · <LocalTime iso={e.recordedAt} />
                </span>
              </li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}
