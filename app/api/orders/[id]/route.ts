import { getOrder } from '../../../../lib/read/queries';
import { NOT_FOUND, requireActor, route } from '../../../../lib/web/api';
import { HttpError, json, parse } from '../../../../lib/web/http';
import { Schemas } from '../../../../lib/web/schemas';
import { toDetail } from '../../../../lib/web/views';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (request, { params }, rt) => {
  const actor = requireActor(rt, request);
  const id = parse(Schemas.OrderId, (await params).id, 'order id');
  const order = getOrder(rt.db, id, actor);
  if (!order) throw new HttpError(404, NOT_FOUND);
  const etag = `"${order.summary.version}"`;
  if (request.headers.get('if-none-match') === etag) return json(304, null, { etag });
  return json(200, { summary: toDetail(order.summary), items: order.items }, { etag });
});
