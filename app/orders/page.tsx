import type { Metadata } from 'next';
import Link from 'next/link';
import type { OrderStatus } from '../../lib/orders/events';
import { BadCursorError, figures, freshnessMark, orders } from '../../lib/read/orders';
import { money, STATUS_LABEL } from '../../lib/web/format';
import { readerLocale, requireViewer } from '../../lib/web/viewer';
import { LocalTime } from '../_components/LocalTime';
import { LiveIndicator } from '../_live/LiveIndicator';
import { RefreshOnUpdate } from '../_live/RefreshOnUpdate';
import { SpendingChart } from './SpendingChart';

export const metadata: Metadata = { title: 'My orders' };

const FILTERS: { label: string; status?: OrderStatus }[] = [
  { label: 'All' },
  { label: 'Drafts', status: 'draft' },
  { label: 'Submitted', status: 'submitted' },
  { label: 'Cancelled', status: 'cancelled' },
];

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; cursor?: string }>;
}) {
  const actor = await requireViewer('/orders');
  const locale = await readerLocale();
  const q = await searchParams;
  const status = FILTERS.find((f) => f.status === q.status)?.status;
  let page: ReturnType<typeof orders>;
  try {
    page = orders(actor, { status, cursor: q.cursor, limit: 25 });
  } catch (error) {
    if (!(error instanceof BadCursorError)) throw error;
    page = orders(actor, { status, limit: 25 });
  }
  const { stats, spending } = figures(actor);
  const fmt = (cents: number) => money(cents, locale);
  return (
    <>
      <RefreshOnUpdate mark={freshnessMark(actor)} />
      <div className="page-head">
        <div>
          <h1>{actor.staff ? 'All orders' : 'My orders'}</h1>
          <LiveIndicator />
        </div>
        <Link className="button primary" href="/orders/new">
          New order
        </Link>
      </div>

      <section aria-labelledby="figures" className="grid grid-2">
        <div>
          <h2 id="figures" className="visually-hidden">
            My figures
          </h2>
          <dl className="stats">
            <div className="stat">
              <dt>Orders</dt>
              <dd>{stats.ordersCount}</dd>
            </div>
            <div className="stat">
              <dt>Submitted</dt>
              <dd>{stats.submittedCount}</dd>
            </div>
            <div className="stat">
              <dt>Cancelled</dt>
              <dd>{stats.cancelledCount}</dd>
            </div>
            <div className="stat">
              <dt>Lifetime value</dt>
              <dd>{fmt(stats.lifetimeValueCents)}</dd>
            </div>
          </dl>
        </div>
        <div className="card">
          <h3>Spending by month</h3>
          <SpendingChart data={spending} format={fmt} locale={locale} />
        </div>
      </section>

      <section className="card" aria-labelledby="list">
        <h2 id="list">Orders</h2>
        <nav className="filters" aria-label="Filter by status">
          {FILTERS.map((f) => (
            <Link
              key={f.label}
              href={f.status ? `/orders?status=${f.status}` : '/orders'}
              aria-current={f.status === status ? 'page' : undefined}
            >
              {f.label}
            </Link>
          ))}
        </nav>
        {page.orders.length === 0 ? (
          <div className="empty">
            <p>{status ? `No ${STATUS_LABEL[status].toLowerCase()} orders.` : 'No orders yet.'}</p>
            <Link className="button primary" href="/orders/new">
              Start an order
            </Link>
          </div>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  {actor.staff && <th scope="col">Customer</th>}
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Items
                  </th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">Last change</th>
                </tr>
              </thead>
              <tbody>
                {page.orders.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link href={`/orders/${o.id}`}>Order {o.id.slice(0, 8)}</Link>
                    </td>
                    {actor.staff && (
                      <td>
                        <bdi>{o.customerName ?? o.customerId}</bdi>
                      </td>
                    )}
                    <td>
                      <span className={`badge ${o.status}`}>{STATUS_LABEL[o.status]}</span>
                    </td>
                    <td className="num">{o.itemCount}</td>
                    <td className="num">{fmt(o.totalCents)}</td>
                    <td>
                      <LocalTime iso={o.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.nextCursor && (
          <p>
            <Link href={`/orders?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor })}`}>
              Older orders
            </Link>
          </p>
        )}
      </section>
    </>
  );
}
