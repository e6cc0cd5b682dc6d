import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { isOrderStream, orderIdOfStream, orderStream } from '../../../lib/orders/events';
import { eventLog, readModelPosition } from '../../../lib/read/admin';
import { dayStart, notDays } from '../../../lib/web/day';
import { eventLabel, typesLabelled } from '../../../lib/web/format';
import { firstValues, type SearchParams } from '../../../lib/web/search-params';
import { requireStaff, staffTitle } from '../../../lib/web/viewer';
import { CopyButton } from '../../_components/CopyButton';
import { LocalTime } from '../../_components/LocalTime';
import { NotADayNotice } from '../../_components/NotADayNotice';
import { SlashToFocus } from '../../_components/SlashToFocus';
import { RefreshOnUpdate } from '../../_live/RefreshOnUpdate';

export const generateMetadata = (): Promise<Metadata> => staffTitle('Event log');

type Search = {
  type?: string;
  stream?: string;
  correlation?: string;
  q?: string;
  from?: string;
  to?: string;
  before?: string;
  after?: string;
};

/**
 * The order id (or its start) a stream filter names, in any case, with or without `order-`: the short id pages show
 * (`order-9324e700`) finds its order. '' for no filter; too short a start (under 4 characters) filters nothing out
 * either, as it would match most orders.
 */
function orderIdFilter(stream: string): string {
  const s = stream.toLowerCase();
  const id = isOrderStream(s) ? orderIdOfStream(s) : s;
  return id.length >= 4 ? id : '';
}

export default async function EventsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requireStaff();
  const q: Search = firstValues(await searchParams);
  const stream = q.stream?.trim() ?? '';
  const orderId = orderIdFilter(stream);
  const page = (v: string | undefined) => {
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const text = q.q?.trim().slice(0, 200) ?? '';
  const filter = {
    type: q.type || undefined,
    orderId: orderId || undefined,
    correlationId: q.correlation?.trim() || undefined,
    text: text || undefined,
    // The table shows types as people say them ("Item added"): those words find them too.
    textTypes: typesLabelled(text),
    from: dayStart(q.from),
    to: dayStart(q.to, true),
  };
  const limit = 50;
  const log = eventLog(viewer, {
    ...filter,
    before: page(q.before),
    after: page(q.before) ? undefined : page(q.after),
    limit,
  });
  if (!log) notFound();
  const { rows, types, total, newer } = log;
  /** This list's URL with the filters as given and another page. */
  const pageHref = (bound: { before?: number; after?: number }) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v && k !== 'before' && k !== 'after') p.set(k, String(v));
    if (bound.before) p.set('before', String(bound.before));
    if (bound.after) p.set('after', String(bound.after));
    return `/admin/events?${p}`;
  };
  // Past either end (a stale link, a hand-made one) there are no rows: the way back is the newest page.
  const olderHref = rows.length > 0 && newer + rows.length < total ? pageHref({ before: rows.at(-1)!.position }) : null;
  const newerHref =
    rows.length > 0 && newer > 0
      ? pageHref({ after: rows[0]!.position })
      : rows.length === 0 && total > 0
        ? pageHref({})
        : null;
  return (
    <>
      <RefreshOnUpdate mark={{ position: readModelPosition() }} />
      <div className="page-head">
        <div>
          <h1>Event log</h1>
          <p className="muted">Every event of every order, newest first.</p>
        </div>
      </div>
      <search className="card" aria-label="Filter events">
        <form className="inline">
          <div className="field">
            <label htmlFor="f-text">Search (type, actor, order id)</label>
            <input id="f-text" name="q" type="search" defaultValue={text} placeholder="Press / to search" />
          </div>
          <div className="field">
            <label htmlFor="f-type">Event type</label>
            <select id="f-type" name="type" defaultValue={q.type ?? ''}>
              <option value="">Any</option>
              {types.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-stream">Stream (order id)</label>
            <input id="f-stream" name="stream" defaultValue={stream} placeholder="order-…" />
          </div>
          <div className="field">
            <label htmlFor="f-corr">Correlation id</label>
            <input id="f-corr" name="correlation" defaultValue={q.correlation ?? ''} />
          </div>
          <div className="field">
            <label htmlFor="f-from">From (UTC day)</label>
            <input id="f-from" name="from" type="date" defaultValue={filter.from ? q.from : ''} />
          </div>
          <div className="field">
            <label htmlFor="f-to">To (UTC day)</label>
            <input id="f-to" name="to" type="date" defaultValue={filter.to ? q.to : ''} />
          </div>
          <button type="submit" className="primary">
            Filter
          </button>
          <Link className="button" href="/admin/events">
            Clear
          </Link>
        </form>
        <NotADayNotice days={notDays(q.from, q.to)} />
      </search>
      <SlashToFocus id="f-text" />
      {stream && !orderId && (
        <p className="notice warn" role="note">
          A stream filter needs at least 4 characters of the order id (“<bdi>{stream.slice(0, 40)}</bdi>” was left out).
        </p>
      )}
      <section className="card" aria-label="Events">
        <p className="muted small" role="status">
          {rows.length === 0
            ? total > 0
              ? `No events on this page; ${total.toLocaleString('en-US')} match in all.`
              : 'No events match.'
            : `Events ${(newer + 1).toLocaleString('en-US')}–${(newer + rows.length).toLocaleString('en-US')} of ${total.toLocaleString('en-US')}, newest first`}
        </p>
        {rows.length === 0 ? (
          <p className="empty">Try fewer filters, or clear them.</p>
        ) : (
          <div className="table-wrap">
            <table className="log">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Position
                  </th>
                  <th scope="col">Type</th>
                  <th scope="col">Stream</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Recorded</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.position}>
                    <td className="num keep">
                      <Link href={`/admin/events/${r.eventId}`}>{r.position}</Link>{' '}
                      <CopyButton value={r.eventId} label={`the id of event ${r.position}`} />
                    </td>
                    <td className="keep" data-label="Type">
                      {eventLabel(r.type)}
                    </td>
                    <td className="keep" data-label="Stream">
                      <Link href={`/orders/${r.orderId}`}>{orderStream(r.orderId.slice(0, 8))}</Link> v{r.version}
                    </td>
                    <td className="summary">
                      <bdi>{r.summary}</bdi>
                    </td>
                    <td className="actor" data-label="Actor">
                      <bdi>{r.actor}</bdi>
                    </td>
                    <td className="keep" data-label="Recorded">
                      <LocalTime iso={r.recordedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {(newerHref || olderHref) && (
          <nav className="pager" aria-label="Event log pages">
            {newerHref && (
              <Link href={newerHref} rel="prev">
                Newer events
              </Link>
            )}
            {olderHref && (
              <Link href={olderHref} rel="next">
                Older events
              </Link>
            )}
          </nav>
        )}
      </section>
    </>
  );
}
