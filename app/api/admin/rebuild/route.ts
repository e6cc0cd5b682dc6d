import { rebuildStatus, startRebuild } from '../../../../lib/read/admin';
import { requireActor, route } from '../../../../lib/web/api';
import { HttpError, json } from '../../../../lib/web/http';

/** Staff: the latest rebuild started in this server (the staff page's button), or null. Others get 404. */
export const GET = route(async (request) => {
  const actor = await requireActor(request);
  const status = rebuildStatus(actor);
  if (status === undefined) throw new HttpError(404, 'not found');
  return json(200, { rebuild: status });
});

/** Staff: starts a rebuild of every projection in this server, as the staff page's button does (202), or 409. */
export const POST = route(async (request) => {
  const actor = await requireActor(request);
  if (!actor.staff) throw new HttpError(404, 'not found');
  if (!startRebuild(actor)) throw new HttpError(409, 'a rebuild is already running');
  return json(202, { rebuild: rebuildStatus(actor) });
});
