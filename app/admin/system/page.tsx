import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { systemOverview } from '../../../lib/read/system';
import { requireStaff, staffTitle } from '../../../lib/web/viewer';
import { LocalTime } from '../../_components/LocalTime';
import { EventsChart } from './EventsChart';
import { SystemLive } from './SystemLive';

export const generateMetadata = (): Promise<Metadata> => staffTitle('System');

/** A duration for people: "42 s", "5 min", "3 h 10 min", "2 d 4 h". */
function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Bytes for people: "812 KiB", "94.1 MiB". */
function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

export default async function SystemPage() {
  const viewer = await requireStaff();
  const now = Date.now();
  const overview = await systemOverview(viewer, now);
  if (!overview) notFound();
  const { nodes, storage, storeDescription, perMinute, since, errors, thisNode, storeAnswered, asOf, processes } =
    overview;
  return (
    <>
      <SystemLive />
      <div className="page-head">
        <div>
          <h1>System</h1>
          <p className="muted">
            Every node of this app, as each last reported itself (every 5 s), the store of record, and the last hour's
            order events. This page follows along by itself.
          </p>
        </div>
      </div>

      {!storeAnswered && (
        <p className="notice error" role="alert">
          The store of record does not answer this node right now: commands and reports are on hold. The nodes below are
          as this node last saw them
          {asOf ? (
            <>
              {' '}
              (<LocalTime iso={asOf} />)
            </>
          ) : (
            ''
          )}
          .
        </p>
      )}
      <section className="card" aria-labelledby="nodes-heading">
        <h2 id="nodes-heading">Nodes</h2>
        {nodes.length === 0 ? (
          <p className="muted">No node has reported yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="cards even">
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Version</th>
                  <th scope="col" className="num">
                    Up
                  </th>
                  <th scope="col" className="num">
                    Sockets
                  </th>
                  <th scope="col">Projector</th>
                  <th scope="col">Last report</th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((n) => (
                  <tr key={n.id} data-testid="node-row">
                    <td className="text">
                      <code>{n.id}</code>
                      {n.id === thisNode && <span className="muted small"> (this page's)</span>}
                    </td>
                    <td data-label="Version">{n.version}</td>
                    <td className="num" data-label="Up">
                      {duration(Date.parse(n.reportedAt) - Date.parse(n.startedAt))}
                    </td>
                    <td className="num" data-label="Sockets">
                      {n.sockets}
                    </td>
                    <td data-label="Projector">{n.projector}</td>
                    <td data-label="Last report">
                      <LocalTime iso={n.reportedAt} />
                      {n.stale && (
                        <span className="badge cancelled" title="No report for over 30 s: stopped or unreachable">
                          {' '}
                          silent
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="projections-heading">
        <h2 id="projections-heading">Projections on each node</h2>
        <p className="muted small">Each node keeps its own read model, projected from the one log.</p>
        <div className="table-wrap">
          <table className="cards even">
            <thead>
              <tr>
                <th scope="col">Node</th>
                <th scope="col">Projection</th>
                <th scope="col" className="num">
                  Checkpoint
                </th>
                <th scope="col" className="num">
                  Behind
                </th>
                <th scope="col" className="num">
                  Oldest unapplied
                </th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {nodes.flatMap((n) =>
                n.projections.map((p) => (
                  <tr key={`${n.id} ${p.name}`}>
                    <td className="text">
                      <code>{n.id}</code>
                    </td>
                    <td data-label="Projection">{p.name}</td>
                    <td className="num" data-label="Checkpoint">
                      {p.checkpoint}
                    </td>
                    <td className="num" data-label="Behind">
                      {p.behind === 0 ? 'caught up' : `${p.behind} ${p.behind === 1 ? 'event' : 'events'}`}
                      {n.stale && <span className="muted small"> (at its last report)</span>}
                    </td>
                    <td className="num" data-label="Oldest unapplied">
                      {p.behind === 0 ? '—' : duration(p.oldestPendingMs)}
                    </td>
                    <td data-label="State">{p.state ?? n.projector}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="processes-heading">
        <h2 id="processes-heading">Process managers</h2>
        {processes.length === 0 ? (
          <p className="muted">Not known right now (the store of record did not answer).</p>
        ) : (
          <ul className="errors">
            {processes.map((p) => (
              <li key={p.name} data-testid={`process-${p.name}`}>
                <strong>{p.name}</strong>:{' '}
                {p.holder ? (
                  <>
                    run by <code>{p.holder}</code>
                  </>
                ) : (
                  'not running anywhere'
                )}{' '}
                · checkpoint {p.checkpoint} · {p.behind === 0 ? 'caught up' : `${p.behind} behind the head of the log`}
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid grid-2">
        <section className="card" aria-labelledby="store-heading">
          <h2 id="store-heading">Store of record</h2>
          <p className="text">{storeDescription}</p>
          {storage ? (
            <dl className="facts">
              <dt>Persistence</dt>
              <dd data-testid="persistence">{storage.persistence}</dd>
              <dt>{storage.kind === 'redis' ? 'Memory used' : 'File size'}</dt>
              <dd>{storage.bytes === null ? 'unknown' : bytes(storage.bytes)}</dd>
            </dl>
          ) : (
            <p className="notice warn">The store of record did not answer just now.</p>
          )}
          {storage?.warnings.map((w) => (
            <p key={w} className="notice warn" role="note">
              {w}
            </p>
          ))}
        </section>

        <section className="card" aria-labelledby="errors-heading">
          <h2 id="errors-heading">Recent errors</h2>
          {errors.length === 0 ? (
            <p className="muted">No errors logged by any node since it started.</p>
          ) : (
            <ul className="errors">
              {errors.map((e) => (
                <li key={`${e.node} ${e.at} ${e.message}`}>
                  <LocalTime iso={e.at} /> · <code>{e.node}</code>
                  {e.count > 1 && <span className="muted small"> · {e.count} times</span>}
                  <br />
                  <span className="text">
                    {e.message}
                    {e.error ? `: ${e.error}` : ''}
                  </span>
                  {(e.requestId || e.correlationId) && (
                    <span className="muted small">
                      <br />
                      {e.requestId && `request ${e.requestId}`}
                      {e.correlationId && ` · correlation ${e.correlationId}`}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card" aria-labelledby="events-heading">
        <h2 id="events-heading">Order events per minute, last hour</h2>
        <EventsChart since={since} data={perMinute} />
        <p className="muted small">From this node's read model (order events; catalog changes are not counted).</p>
      </section>
    </>
  );
}
