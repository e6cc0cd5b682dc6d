import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { stockStream } from '../../../../lib/inventory/events';
import { isOrderStream, orderIdOfStream, orderStream } from '../../../../lib/orders/events';
import { eventDetail } from '../../../../lib/read/admin';
import type { ActivityEntry } from '../../../../lib/read/orders';
import { eventLabel, stockMovementLabel } from '../../../../lib/web/format';
import { requireStaff, staffTitle } from '../../../../lib/web/viewer';
import { CopyButton } from '../../../_components/CopyButton';
import { LocalTime } from '../../../_components/LocalTime';

type Props = { params: Promise<{ eventId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return staffTitle(`Event ${(await params).eventId.slice(0, 8)}`);
}

function EventList({ rows, empty }: { rows: ActivityEntry[]; empty: string }) {
  if (rows.length === 0) return empty ? <p className="muted">{empty}</p> : null;
  return (
    <ul>
      {rows.map((r) => (
        <li key={r.position}>
          <Link href={`/admin/events/${r.eventId}`}>
            #{r.position} {eventLabel(r.type)}
          </Link>{' '}
          <span className="muted small">
            {orderStream(r.orderId.slice(0, 8))} v{r.version}: <bdi>{r.summary}</bdi>
          </span>
        </li>
      ))}
    </ul>
  );
}

export default async function EventPage({ params }: Props) {
  const viewer = await requireStaff();
  const { eventId } = await params;
  const detail = await eventDetail(viewer, decodeURIComponent(eventId));
  if (!detail) notFound();
  const { event, cause, caused, causedStock, correlated } = detail;
  const meta = event.metadata;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const causationId = text(meta.causationId);
  const correlationId = text(meta.correlationId);
  const orderId = isOrderStream(event.streamId) ? orderIdOfStream(event.streamId) : null;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>
            {eventLabel(event.type)} #{event.position}
          </h1>
          <p className="muted">
            <code>{event.type}</code> · recorded <LocalTime iso={event.recordedAt} mode="exact" />
          </p>
        </div>
        <Link className="button" href="/admin/events">
          Event log
        </Link>
      </div>
      <div className="grid grid-2">
        <section className="card" aria-labelledby="ev-data">
          <h2 id="ev-data">Data</h2>
          <pre>{recordJson(event.data)}</pre>
          <h2>Metadata</h2>
          <pre>{recordJson(event.metadata)}</pre>
        </section>
        <section className="card" aria-labelledby="ev-where">
          <h2 id="ev-where">Where it stands</h2>
          <dl className="kv">
            <dt>Event id</dt>
            <dd>
              <code>{event.eventId}</code> <CopyButton value={event.eventId} label="the event id" />
            </dd>
            <dt>Stream</dt>
            <dd>
              <Link href={`/admin/events?stream=${encodeURIComponent(event.streamId)}`}>{event.streamId}</Link> (version{' '}
              {event.version})
              {orderId && (
                <>
                  {' '}
                  · <Link href={`/orders/${orderId}?v=${event.version}`}>the order then</Link>
                </>
              )}
            </dd>
            <dt>Position</dt>
            <dd>{event.position}</dd>
            <dt>Actor</dt>
            <dd>
              <bdi>{text(meta.actorName) ?? text(meta.actor) ?? 'unknown'}</bdi>
            </dd>
            {correlationId && (
              <>
                <dt>Correlation id</dt>
                <dd>
                  <code>{correlationId}</code> <CopyButton value={correlationId} label="the correlation id" />
                </dd>
              </>
            )}
          </dl>
          <h3 style={{ marginTop: '1rem' }}>Caused by</h3>
          {cause ? (
            <p>
              <Link href={`/admin/events/${cause.eventId}`}>
                #{cause.position} {eventLabel(cause.type)}
              </Link>
            </p>
          ) : (
            <p className="muted">{causationId ? `command ${causationId} (not an event)` : 'nothing recorded'}</p>
          )}
          <h3>Events it caused</h3>
          <EventList rows={caused} empty={causedStock.length === 0 ? 'None.' : ''} />
          {causedStock.length > 0 && (
            <ul aria-label="Stock events it caused">
              {causedStock.map((m) => (
                <li key={m.position}>
                  <Link href={`/admin/events/${m.eventId}`}>
                    #{m.position} <bdi>{stockMovementLabel(m, m.productId)}</bdi>
                  </Link>{' '}
                  <span className="muted small">{stockStream(m.productId)}</span>
                </li>
              ))}
            </ul>
          )}
          <h3>
            Same correlation{' '}
            {correlationId && (
              <Link className="small" href={`/admin/events?correlation=${encodeURIComponent(correlationId)}`}>
                ({correlationId.slice(0, 8)})
              </Link>
            )}
          </h3>
          <EventList rows={correlated} empty="No other events." />
        </section>
      </div>
    </>
  );
}

/** A record as JSON for people: bidirectional formatting characters shown as escapes, so none reorders the text. */
const recordJson = (value: unknown) =>
  JSON.stringify(value, null, 2).replace(
    /\p{Bidi_Control}/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
