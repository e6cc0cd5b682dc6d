import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { isOrderStream, orderIdOfStream, orderStream } from '../../../lib/orders/events';
import { eventLog, readModelPosition } from '../../../lib/read/admin';
import { eventLabel } from '../../../lib/web/format';
import { requireStaff } from '../../../lib/web/viewer';
import { LocalTime } from '../../_components/LocalTime';
import { RefreshOnUpdate } from '../../_live/RefreshOnUpdate';

export const metadata: Metadata = { title: 'Event log' };

type Search = { type?: string; stream?: string; correlation?: string; before?: string };

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

export default async function EventsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const viewer = await requireStaff();
  const q = await searchParams;
  const stream = q.stream?.trim() ?? '';
  const orderId = orderIdFilter(stream);
  const before = Number(q.before);
  const log = eventLog(viewer, {
    type: q.type || undefined,
    orderId: orderId || undefined,
    correlationId: q.correlation?.trim() || undefined,
    before: Number.isInteger(before) && before > 0 ? before : undefined,
    limit: 50,
  });
  if (!log) notFound();
  const { rows, types } = log;
  const older =
    rows.length === 50 ? new URLSearchParams({ ...q, before: String(rows.at(-1)!.position) }).toString() : null;
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
          <button type="submit" className="primary">
            Filter
          </button>
          <Link className="button" href="/admin/events">
            Clear
          </Link>
        </form>
      </search>
      <section className="card" aria-label="Events">
        {rows.length === 0 ? (
          <p className="empty">No events match.</p>
        ) : (
          <div className="table-wrap">
            <table>
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
                    <td className="num">
                      <Link href={`/admin/events/${r.eventId}`}>{r.position}</Link>
                    </td>
                    <td>{eventLabel(r.type)}</td>
                    <td>
                      <Link href={`/orders/${r.orderId}`}>{orderStream(r.orderId.slice(0, 8))}</Link> v{r.version}
                    </td>
                    <td>
                      <bdi>{r.summary}</bdi>
                    </td>
                    <td>
                      <bdi>{r.actor}</bdi>
                    </td>
                    <td>
                      <LocalTime iso={r.recordedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {older && (
          <p>
            <Link href={`/admin/events?${older}`}>Older events</Link>
          </p>
        )}
      </section>
    </>
  );
}
