import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { OrderId } from '../../../lib/orders/commands';
import { MAX_QUANTITY } from '../../../lib/orders/order';
import { orderPage } from '../../../lib/read/orders';
import { availability, eventLabel, money, STATUS_LABEL, stockMovementLabel } from '../../../lib/web/format';
import { firstValues, type SearchParams } from '../../../lib/web/search-params';
import { readerLocale, requireViewer } from '../../../lib/web/viewer';
import { LocalTime } from '../../_components/LocalTime';
import { RefreshOnProducts } from '../../_live/RefreshOnProducts';
import {
  addItemAction,
  cancelOrderAction,
  changeQuantityAction,
  commandSavedAction,
  removeItemAction,
  shipOrderAction,
  submitOrderAction,
} from './actions';
import { AddItemForm, CancelForm, LineRow, ShipForm, SubmitForm } from './forms';
import { OrderLive, SyncStatus } from './OrderLive';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // A malformed id gets the not-found page's title, not an echo of what was typed.
  const { id } = await params;
  return { title: OrderId.safeParse(id).success ? `Order ${id.slice(0, 8)}` : 'Not found' };
}

export default async function OrderPage({ params, searchParams }: Props) {
  const { id } = await params;
  const actor = await requireViewer(`/orders/${id}`);
  const parsed = OrderId.safeParse(id);
  if (!parsed.success) notFound();
  const query = firstValues(await searchParams);
  // An id in capitals names the same order: go to its one address.
  if (parsed.data !== id) {
    const kept = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
    redirect(`/orders/${parsed.data}${kept.size > 0 ? `?${kept}` : ''}`);
  }
  const locale = await readerLocale();
  const fmt = (cents: number) => money(cents, locale);
  // An empty ?v= is no ?v=.
  const v = query.v || undefined;
  const before = query.before || undefined;
  const num = (x: string | undefined) => (typeof x === 'string' && /^\d{1,9}$/.test(x) ? Number(x) : undefined);
  const data = await orderPage(actor, id, { version: num(v), before: num(before) });
  const seed = randomUUID();
  if (data.kind === 'not_found') notFound();
  if (data.kind === 'catching_up') {
    return (
      <OrderLive orderId={id} version={0} seed={seed} savedAt={commandSavedAction.bind(null, id)}>
        <div className="card">
          <h1>Order {id.slice(0, 8)}</h1>
          <SyncStatus />
          <p>Saved as version {data.savedVersion}; this view is still catching up and will show it in a moment.</p>
        </div>
      </OrderLive>
    );
  }

  const { summary, timeline, shown, historyVersion, historyAt, change } = data;
  /** Staff looking at a customer's order: the page speaks of "the customer", not "you". */
  const othersOrder = actor.staff && summary.customerId !== actor.id;
  const history = historyVersion !== null;
  const editable = data.products !== null;
  const products = (data.products ?? []).map((p) => ({
    id: p.id,
    name: p.name,
    label: `${p.name} (${fmt(p.priceCents)})`,
    availability: availability(p.stock.available),
  }));
  /** The products a draft may still grow: a line of any other was retired after it was added. */
  const onSale = new Set(products.map((p) => p.id));
  const offSaleLines = editable ? shown.lines.filter((l) => !onSale.has(l.productId)).length : 0;
  /** A link to a timeline page (`before`), keeping the version shown. */
  const pageHref = (pageBefore: number) => {
    const q = new URLSearchParams();
    if (history) q.set('v', String(historyVersion));
    if (history || pageBefore <= summary.version) q.set('before', String(pageBefore));
    const query = q.toString();
    return `/orders/${id}${query ? `?${query}` : ''}#timeline-heading`;
  };
  /** A product's name as the order has it (its lines), else its id. */
  const nameOf = (productId: string) =>
    [...shown.lines, ...summaryLines(data.unavailable)].find((l) => l.productId === productId)?.name ?? productId;
  const shownRange = timeline.entries.length
    ? `${timeline.entries.at(-1)!.version}–${timeline.entries[0]!.version}`
    : 'none';

  return (
    <OrderLive orderId={id} version={summary.version} seed={seed} savedAt={commandSavedAction.bind(null, id)}>
      <div className="page-head">
        <div>
          <h1 id="order-heading" tabIndex={-1}>
            Order {id.slice(0, 8)}
          </h1>
          <SyncStatus history={historyVersion} />
          <p className="muted">
            <span className={`badge ${shown.status}`}>{STATUS_LABEL[shown.status]}</span>{' '}
            {summary.number !== null && <span data-testid="order-number">No. {summary.number} </span>}
            {othersOrder ? (
              <>
                · customer <bdi>{summary.customerName ?? summary.customerId}</bdi> ·{' '}
              </>
            ) : (
              '· '
            )}
            created <LocalTime iso={summary.createdAt} />
            {!history && summary.status === 'cancelled' && summary.cancelReason ? (
              <>
                {' '}
                · cancelled: <bdi data-testid="cancel-reason">{summary.cancelReason}</bdi>
              </>
            ) : (
              ''
            )}
          </p>
        </div>
        <Link className="button" href="/orders">
          {actor.staff ? 'Back to all orders' : 'Back to my orders'}
        </Link>
      </div>

      {v !== undefined && !history && num(v) !== summary.version && (
        <p className="notice warn" role="note">
          This order has no version “<bdi>{v.slice(0, 40).replace(/\p{Cc}/gu, '\uFFFD')}</bdi>” (its versions are 1 to{' '}
          {summary.version}): this is the current version.
        </p>
      )}
      {history && (
        <div className="history-banner" role="note" aria-label="History">
          <span>
            You are looking at <strong>version {historyVersion}</strong> of {summary.version}, as it was{' '}
            {historyAt && <LocalTime iso={historyAt} mode="exact" />}. This is history: it cannot be changed.
          </span>
          <Link href={`/orders/${id}`}>Back to now</Link>
        </div>
      )}
      {!history && summary.status === 'submitted' && (
        <p className="notice" role="status" data-testid="stock-decision">
          Reserving stock… this page shows the decision as soon as it is made.
        </p>
      )}
      {!history && summary.status === 'confirmed' && (
        <p className="notice ok" role="status" data-testid="stock-decision">
          {othersOrder
            ? 'Confirmed: every line is reserved for the customer.'
            : 'Confirmed: every line is reserved for you.'}
        </p>
      )}
      {!history && summary.status === 'shipped' && (
        <p className="notice ok" role="status" data-testid="stock-decision">
          {/* Nothing is written to a shipped order after its shipping: its last change is when it shipped. */}
          Shipped <LocalTime iso={summary.updatedAt} />: it is on its way.
        </p>
      )}
      {!history && summary.status === 'rejected' && (
        <div className="notice error" role="status" data-testid="stock-decision">
          <p>Rejected: not enough stock, so nothing was reserved.</p>
          <ul>
            {(data.unavailable ?? []).map((l) => (
              <li key={l.productId}>
                <bdi>{l.name}</bdi>: {othersOrder ? 'the customer' : 'you'} asked for {l.requested},{' '}
                {l.available === 0 ? 'none' : l.available} available
              </li>
            ))}
          </ul>
        </div>
      )}
      {editable && (
        // The stock of the products offered; any catalog change (a line's product retired or listed again, a new one).
        <RefreshOnProducts stockOf={[...onSale]} />
      )}
      {history && change && (
        <VersionChange orderId={id} version={historyVersion} current={summary.version} change={change} fmt={fmt} />
      )}

      <div className="grid grid-2">
        <section className="card" aria-labelledby="lines-heading">
          <h2 id="lines-heading" tabIndex={-1}>
            {history ? `Lines at version ${historyVersion}` : 'Lines'}
          </h2>
          {shown.lines.length === 0 ? (
            <p className="empty">No lines{editable ? ': add a product below.' : '.'}</p>
          ) : (
            <div className="table-wrap">
              <table className="lines">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col" className="num">
                      Unit price
                    </th>
                    <th scope="col" className="num">
                      Quantity
                    </th>
                    <th scope="col" className="num">
                      Line total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.lines.map((l, i) =>
                    editable ? (
                      <LineRow
                        key={l.productId}
                        line={i}
                        name={l.name}
                        quantity={l.quantity}
                        unitPrice={fmt(l.unitPriceCents)}
                        lineTotal={fmt(l.quantity * l.unitPriceCents)}
                        maxQuantity={MAX_QUANTITY}
                        offSale={!onSale.has(l.productId)}
                        changeAction={changeQuantityAction.bind(null, id, l.productId)}
                        removeAction={removeItemAction.bind(null, id, l.productId)}
                      />
                    ) : (
                      <tr key={l.productId}>
                        <td className="text">
                          <bdi>{l.name}</bdi>
                        </td>
                        <td className="num">{fmt(l.unitPriceCents)}</td>
                        <td className="num">{l.quantity}</td>
                        <td className="num">{fmt(l.quantity * l.unitPriceCents)}</td>
                      </tr>
                    ),
                  )}
                </tbody>
                <tfoot>
                  <tr>
                    <td colSpan={3}>Total</td>
                    <td className="num" data-testid="order-total">
                      {fmt(shown.totalCents)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {editable && (
            <>
              <h3 style={{ marginTop: '1.25rem' }}>Add a product</h3>
              <AddItemForm action={addItemAction.bind(null, id)} products={products} />
            </>
          )}
          {!history && (
            // Mounted while the order is shown as it is now, even once closed: a ship or cancel refused because the
            // order changed meanwhile keeps its message until its user closes it.
            <div className="grid order-controls">
              {actor.staff && (
                <ShipForm action={shipOrderAction.bind(null, id)} available={summary.status === 'confirmed'} />
              )}
              {editable && (
                <SubmitForm
                  action={submitOrderAction.bind(null, id)}
                  disabled={shown.lines.length === 0}
                  offSaleLines={offSaleLines}
                />
              )}
              <CancelForm
                action={cancelOrderAction.bind(null, id)}
                available={
                  summary.status === 'draft' || summary.status === 'submitted' || summary.status === 'confirmed'
                }
              />
            </div>
          )}
        </section>

        <section className="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">Timeline</h2>
          <p className="muted small">
            Every change, as recorded, newest first. Choose one to see the order as it was then.
          </p>
          <ol className="timeline" aria-label="Events">
            {timeline.entries.map((a) => {
              const current = history ? a.version === historyVersion : a.version === summary.version;
              return (
                <li key={a.position} aria-current={current ? 'true' : undefined}>
                  <Link
                    href={a.version === summary.version ? `/orders/${id}` : `/orders/${id}?v=${a.version}`}
                    scroll={false}
                  >
                    <span className="type">{eventLabel(a.type)}</span> <span className="muted small">v{a.version}</span>
                    <br />
                    <bdi>{a.summary}</bdi>
                    {(data.stockCausedBy.get(a.eventId) ?? []).map((m) => (
                      <span key={m.position} className="caused small">
                        <br />
                        {stockMovementLabel(m, nameOf(m.productId))}
                      </span>
                    ))}
                    <br />
                    <span className="muted small">
                      <bdi>{a.actor ?? 'unknown'}</bdi> · <LocalTime iso={a.recordedAt} />
                    </span>
                  </Link>
                </li>
              );
            })}
          </ol>
          {summary.version > timeline.entries.length && (
            <nav className="pager" aria-label="Timeline pages">
              <span className="muted small">{`Versions ${shownRange} of ${summary.version}`}</span>
              {timeline.newer !== null && (
                <>
                  <Link href={pageHref(summary.version + 1)} scroll={false}>
                    Newest
                  </Link>
                  <Link href={pageHref(timeline.newer)} scroll={false} rel="prev">
                    Newer
                  </Link>
                </>
              )}
              {timeline.older !== null && (
                <>
                  <Link href={pageHref(timeline.older)} scroll={false} rel="next">
                    Older
                  </Link>
                  <Link href={pageHref(timeline.oldest ?? 1)} scroll={false}>
                    Oldest
                  </Link>
                </>
              )}
            </nav>
          )}
        </section>
      </div>
    </OrderLive>
  );
}

/**
 * Time travel's "what changed": the event that made this version (type, who, when), the lines it added, removed and
 * changed, the total and status before and after, and the way to the versions either side.
 */
function VersionChange({
  orderId,
  version,
  current,
  change,
  fmt,
}: {
  orderId: string;
  version: number;
  current: number;
  change: NonNullable<Extract<Awaited<ReturnType<typeof orderPage>>, { kind: 'order' }>['change']>;
  fmt: (cents: number) => string;
}) {
  const { diff, event } = change;
  const href = (v: number) => (v >= current ? `/orders/${orderId}` : `/orders/${orderId}?v=${v}`);
  const nothing = diff.added.length + diff.removed.length + diff.changed.length === 0;
  return (
    <section className="card version-change" aria-labelledby="change-heading">
      <div className="page-head">
        <h2 id="change-heading">
          What version {version} changed
          {event && (
            <span className="muted small">
              {' '}
              · {eventLabel(event.type)} by <bdi>{event.actor ?? 'unknown'}</bdi>, <LocalTime iso={event.recordedAt} />
            </span>
          )}
        </h2>
        <nav className="inline" aria-label="Versions">
          {version > 1 && (
            <Link href={href(version - 1)} scroll={false} rel="prev">
              ← Version {version - 1}
            </Link>
          )}
          <Link href={href(version + 1)} scroll={false} rel="next">
            {version + 1 >= current ? `Version ${current} (now)` : `Version ${version + 1}`} →
          </Link>
        </nav>
      </div>
      <ul className="diff">
        {diff.added.map((l) => (
          <li key={`a-${l.productId}`} className="added">
            Added <bdi>{l.name}</bdi>: {l.quantity} × {fmt(l.unitPriceCents)}
          </li>
        ))}
        {diff.changed.map((l) => (
          <li key={`c-${l.productId}`} className="changed">
            <bdi>{l.name}</bdi>: quantity {l.fromQuantity} → {l.toQuantity}
          </li>
        ))}
        {diff.removed.map((l) => (
          <li key={`r-${l.productId}`} className="removed">
            Removed <bdi>{l.name}</bdi> ({l.quantity} × {fmt(l.unitPriceCents)})
          </li>
        ))}
        {diff.statusFrom !== diff.statusTo && diff.statusTo && (
          <li className="changed">
            Status: {diff.statusFrom ? STATUS_LABEL[diff.statusFrom] : 'none'} → {STATUS_LABEL[diff.statusTo]}
          </li>
        )}
        {nothing && diff.statusFrom === diff.statusTo && <li>No change to the lines.</li>}
      </ul>
      <p className="muted">
        Total {fmt(diff.totalFromCents)} → <strong>{fmt(diff.totalToCents)}</strong>
      </p>
    </section>
  );
}

/** The lines a rejection names, for their names. */
const summaryLines = (unavailable: { productId: string; name: string }[] | null) => unavailable ?? [];
