import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { catalogForStaff } from '../../../lib/read/catalog';
import { money } from '../../../lib/web/format';
import { firstValues, type SearchParams } from '../../../lib/web/search-params';
import { readerLocale, requireStaff, staffTitle } from '../../../lib/web/viewer';
import { LocalTime } from '../../_components/LocalTime';
import { SlashToFocus } from '../../_components/SlashToFocus';
import { RefreshOnProducts } from '../../_live/RefreshOnProducts';
import { listProductAction } from './actions';
import { NewProductForm } from './forms';

export const generateMetadata = (): Promise<Metadata> => staffTitle('Catalog');

export default async function CatalogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireStaff();
  const locale = await readerLocale();
  const q = (firstValues(await searchParams).q ?? '').slice(0, 100);
  const products = catalogForStaff(viewer, q);
  if (!products) notFound();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Catalog</h1>
          <p className="muted">
            Every product, retired ones too. Orders keep the name and price of when they added a product.
          </p>
        </div>
      </div>
      <RefreshOnProducts stockOf="all" />
      <section className="card" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a product</h2>
        <NewProductForm action={listProductAction} commandId={randomUUID()} />
      </section>
      <section className="card" aria-labelledby="products-heading">
        <h2 id="products-heading">Products</h2>
        <SlashToFocus id="q" />
        <search aria-label="Search products">
          <form className="inline">
            <div className="field">
              <label htmlFor="q">Name or id</label>
              <input id="q" name="q" defaultValue={q} type="search" />
            </div>
            <button type="submit">Search</button>
            {q && (
              <Link className="button" href="/admin/catalog">
                Clear
              </Link>
            )}
          </form>
        </search>
        {products.length === 0 ? (
          <p className="empty">No products match.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Id</th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col" className="num">
                    Available
                  </th>
                  <th scope="col" className="num">
                    Held
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Last change</th>
                </tr>
              </thead>
              <tbody>
                {products.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link href={`/admin/catalog/${p.id}`}>{p.name}</Link>
                    </td>
                    <td>
                      <code>{p.id}</code>
                    </td>
                    <td className="num">{money(p.priceCents, locale)}</td>
                    <td className="num" data-testid={`available-${p.id}`}>
                      {p.stock.available}
                    </td>
                    <td className="num">{p.stock.reserved}</td>
                    <td>{p.active ? 'On sale' : 'Retired'}</td>
                    <td>
                      <LocalTime iso={p.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
