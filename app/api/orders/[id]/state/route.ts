import { requireActor, route, visibleOrder } from '../../../../../lib/web/api';
import { HttpError, json, parse, queryOf } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';
import { toState } from '../../../../../lib/web/views';
import { loadAt } from '../../../../../lib/write/load';

type Ctx = { params: Promise<{ id: string }> };

/** The order as it was at a version or a moment, folded from the event store. */
export const GET = route<Ctx>(async (request, { params }, rt) => {
  const actor = requireActor(rt, request);
  const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
  const q = parse(Schemas.StateQuery, queryOf(request), 'query');
  const now = await visibleOrder(rt, actor, orderId);
  if (q.version !== undefined && q.version > now.version) {
    throw new HttpError(400, `version ${q.version} does not exist yet: the order is at version ${now.version}`);
  }
  const when = q.version !== undefined ? { version: q.version } : { at: new Date(q.at!) };
  const then = await loadAt(rt.store, orderId, when);
  if (then.state.status === 'none')
    throw new HttpError(400, `the order did not exist yet at ${q.at}: it was created at ${now.state.createdAt}`);
  return json(200, toState(then.state));
});
