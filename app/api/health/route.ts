import { projectionsStatus } from '../../../lib/read/status';
import { route } from '../../../lib/web/api';
import { json } from '../../../lib/web/http';

export const GET = route(async (_request, _ctx, rt) => {
  const { head, lease, projections } = await projectionsStatus(rt.db.$client, rt.store);
  return json(200, {
    status: 'ok',
    eventStore: rt.store.kind,
    head,
    projector: {
      inThisProcess: rt.projector !== null,
      lease: lease && { owner: lease.owner, expiresAt: new Date(lease.expiresAt).toISOString() },
      projections: projections.map(({ name, checkpoint, behind, commitLagMs, oldestPendingMs }) => ({
        name,
        checkpoint,
        behind,
        commitLagMs,
        oldestPendingMs,
      })),
    },
  });
});
