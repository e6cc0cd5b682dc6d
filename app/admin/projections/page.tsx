import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { projectionsOverview, readModelPosition } from '../../../lib/read/admin';
import { requireStaff, staffTitle } from '../../../lib/web/viewer';
import { LocalTime } from '../../_components/LocalTime';
import { RefreshOnUpdate } from '../../_live/RefreshOnUpdate';
import { startRebuildAction } from './actions';
import { RebuildPanel } from './RebuildPanel';

/** How long the oldest event not yet applied has waited, for people ("850 ms", "12 s", "3 min"). */
function waited(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export const generateMetadata = (): Promise<Metadata> => staffTitle('Projections');

export default async function ProjectionsPage() {
  const viewer = await requireStaff();
  const overview = await projectionsOverview(viewer);
  if (!overview) notFound();
  const { head, lease, projections, running, inThisProcess, rebuild } = overview;
  return (
    <>
      <RefreshOnUpdate mark={{ position: readModelPosition() }} />
      <div className="page-head">
        <div>
          <h1>Projections</h1>
          <p className="muted">
            Head of the log: position {head}. Projector:{' '}
            {lease ? `${lease.owner}${inThisProcess ? ' (this server)' : ' (another process)'}` : 'not running'}.
          </p>
        </div>
      </div>
      <section className="card" aria-label="Projection status">
        <div className="table-wrap">
          <table className="cards even">
            <thead>
              <tr>
                <th scope="col">Projection</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Checkpoint
                </th>
                <th scope="col" className="num">
                  Behind
                </th>
                <th scope="col" className="num">
                  Waiting for
                </th>
                <th scope="col">Last commit</th>
              </tr>
            </thead>
            <tbody>
              {projections.map((p) => {
                const state = running.find((r) => r.name === p.name);
                return (
                  <tr key={p.name}>
                    <td>
                      <strong>{p.name}</strong>
                    </td>
                    <td data-label="State">
                      {state?.state ?? 'n/a'}
                      {state?.error ? `: ${state.error}` : ''}
                    </td>
                    <td className="num" data-label="Checkpoint">
                      {p.checkpoint}
                    </td>
                    <td className="num" data-label="Behind">
                      {p.behind}
                    </td>
                    <td className="num" data-label="Waiting for">
                      {p.behind === 0 ? 'caught up' : waited(p.oldestPendingMs)}
                    </td>
                    <td data-label="Last commit">{p.updatedAt ? <LocalTime iso={p.updatedAt} /> : 'never'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <RebuildPanel initial={rebuild} start={startRebuildAction} />
    </>
  );
}
