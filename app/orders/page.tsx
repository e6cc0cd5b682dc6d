import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { Actor } from '../../lib/domain';
import type { OrderStatus } from '../../lib/orders/events';
import { BadCursorError, customerIdByName, figures, freshnessMark, orderByNumber, orders } from '../../lib/read/orders';
import { dayStart, notDays } from '../../lib/web/day';
import { money, STATUS_LABEL } from '../../lib/web/format';
import { firstValues, type SearchParams } from '../../lib/web/search-params';
import { readerLocale, requireViewer, viewer } from '../../lib/web/viewer';
import { LocalTime } from '../_components/LocalTime';
import { NotADayNotice } from '../_components/NotADayNotice';
import { SlashToFocus } from '../_components/SlashToFocus';
import { LiveIndicator } from '../_live/LiveIndicator';
import { RefreshOnUpdate } from '../_live/RefreshOnUpdate';
import { SpendingChart } from './SpendingChart';

/** As the heading and the menu say it: staff see every order. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await viewer())?.staff ? 'All orders' : 'My orders' };
}

const FILTERS: { label: string; status?: OrderStatus }[] = [
  { label: 'All' },
  { label: 'Drafts', status: 'draft' },
  { label: 'Submitted', status: 'submitted' },
  { label: 'Confirmed', status: 'confirmed' },
  { label: 'Shipped', status: 'shipped' },
  { label: 'Rejected', status: 'rejected' },
  { label: 'Cancelled', status: 'cancelled' },
];

export default async function OrdersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requireViewer('/orders');
  const locale = await readerLocale();
  const q = firstValues(await searchParams);
  const status = FILTERS.find((f) => f.status === q.status)?.status;
  // Staff can narrow the list to one customer, by username.
  const customer = actor.staff ? (q.customer?.trim().toLowerCase().slice(0, 100) ?? '') : '';
  // An order number in the box ("#123", or digits that are no customer's username) opens that order.
  let customerId = customer && !customer.startsWith('#') ? await customerIdByName(actor, customer) : undefined;
  const numbered = customer && !customerId ? orderByNumber(actor, customer) : null;
  if (numbered) redirect(`/orders/${numbered}`);
  if (customer.startsWith('#')) customerId = null;
  // Staff can narrow the list to the orders created in a range of (UTC) days.
  const from = actor.staff && dayStart(q.from) ? q.from : undefined;
  const to = actor.staff && dayStart(q.to) ? q.to : undefined;
  // A day that is none (a hand-edited address) is left out of the filter, and the page says so.
  const ignoredDays = actor.staff ? notDays(q.from, q.to) : [];
  const created = { createdFrom: dayStart(from), createdTo: dayStart(to, true) };
  let page: ReturnType<typeof orders>;
  if (customerId === null) page = { orders: [], nextCursor: null };
  else {
    try {
      page = orders(actor, { status, customerId, ...created, cursor: q.cursor, limit: 25 });
    } catch (error) {
      if (!(error instanceof BadCursorError)) throw error;
      page = orders(actor, { status, customerId, ...created, limit: 25 });
    }
  }
  /** The filters as a query string, with this status and cursor (the cursor starts over otherwise). */
  const query = (f: { status?: OrderStatus; cursor?: string }) => {
    const p = new URLSearchParams();
    if (f.status) p.set('status', f.status);
    if (customer) p.set('customer', customer);
    if (from) p.set('from', from);
    if (to) p.set('to', to);
    if (f.cursor) p.set('cursor', f.cursor);
    return p.toString();
  };
  const listHref = (f: { status?: OrderStatus; cursor?: string }) => {
    const qs = query(f);
    return qs ? `/orders?${qs}` : '/orders';
  };
  const exportQuery = query({ status });
  const exportHref = `/api/orders/export.csv${exportQuery ? `?${exportQuery}` : ''}`;
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

      {!actor.staff && <MyFigures actor={actor} locale={locale} />}

      <section className="card" aria-labelledby="list">
        <h2 id="list">Orders</h2>
        {actor.staff && (
          <search aria-label="Filter by customer">
            <form className="inline" action="/orders">
              {status && <input type="hidden" name="status" value={status} />}
              <div className="field">
                <label htmlFor="f-customer">Customer (username) or order No.</label>
                <input id="f-customer" name="customer" defaultValue={customer} maxLength={100} autoComplete="off" />
              </div>
              <div className="field">
                <label htmlFor="f-from">Created from (UTC day)</label>
                <input id="f-from" name="from" type="date" defaultValue={from ?? ''} />
              </div>
              <div className="field">
                <label htmlFor="f-to">to</label>
                <input id="f-to" name="to" type="date" defaultValue={to ?? ''} />
              </div>
              <button type="submit">Filter</button>
              {(customer || from || to) && <Link href={status ? `/orders?status=${status}` : '/orders'}>Clear</Link>}
            </form>
            <NotADayNotice days={ignoredDays} />
          </search>
        )}
        {actor.staff && <SlashToFocus id="f-customer" />}
        <nav className="filters" aria-label="Filter by status">
          {FILTERS.map((f) => (
            <Link
              key={f.label}
              href={listHref({ status: f.status })}
              aria-current={f.status === status ? 'page' : undefined}
            >
              {f.label}
            </Link>
          ))}
        </nav>
        {page.orders.length === 0 ? (
          <div className="empty">
            <p>
              {customerId === null
                ? customer.startsWith('#')
                  ? `No order has the number ${customer}.`
                  : `No customer is called “${customer}”.`
                : from && to && from > to
                  ? `No orders: the range starts (${from}) after it ends (${to}).`
                  : customer || from || to || status || q.cursor
                    ? 'No orders match these filters.'
                    : 'No orders yet.'}
            </p>
            <Link className="button primary" href="/orders/new">
              Start an order
            </Link>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="orders cards">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col" className="num">
                    No.
                  </th>
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
                    <td className="num" data-label="No.">
                      {o.number ?? '–'}
                    </td>
                    {actor.staff && (
                      <td data-label="Customer">
                        <bdi>{o.customerName ?? o.customerId}</bdi>
                      </td>
                    )}
                    <td>
                      <span className={`badge ${o.status}`}>{STATUS_LABEL[o.status]}</span>
                    </td>
                    <td className="num" data-label="Items">
                      {o.itemCount}
                    </td>
                    <td className="num" data-label="Total">
                      {fmt(o.totalCents)}
                    </td>
                    <td data-label="Last change">
                      <LocalTime iso={o.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="inline">
          {page.orders.length > 0 && (
            // A plain link: the browser downloads the file (every page of the list, streamed).
            <a href={exportHref} download>
              Export these orders as CSV
            </a>
          )}
        </p>
        {page.nextCursor && (
          <p>
            <Link href={listHref({ status, cursor: page.nextCursor })}>Older orders</Link>
          </p>
        )}
      </section>
    </>
  );
}

/** A customer's own figures: counts, lifetime value and spending per month (staff have none of their own). */
function MyFigures({ actor, locale }: { actor: Actor; locale: string }) {
  const { stats, spending } = figures(actor);
  const fmt = (cents: number) => money(cents, locale);
  return (
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
        <SpendingChart rows={spending} locale={locale} />
      </div>
    </section>
  );
}
