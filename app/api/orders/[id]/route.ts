import { order } from '../../../../lib/read/orders';
import { NOT_FOUND, requireActor, route } from '../../../../lib/web/api';
import { HttpError, json, parse } from '../../../../lib/web/http';
import { Schemas } from '../../../../lib/web/schemas';
import { toDetail } from '../../../../lib/web/views';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (request, { params }) => {
  const actor = await requireActor(request);
  const id = parse(Schemas.OrderId, (await params).id, 'order id');
  const view = order(actor, id);
  if (!view) throw new HttpError(404, NOT_FOUND);
  const etag = `"${view.summary.version}"`;
  if (request.headers.get('if-none-match') === etag) return json(304, null, { etag });
  return json(200, { summary: toDetail(view.summary), items: view.items }, { etag });
});
