import { order, savedVersion } from '../../../../lib/read/orders';
import { NOT_FOUND, requireActor, route } from '../../../../lib/web/api';
import { HttpError, json, parse } from '../../../../lib/web/http';
import { Schemas } from '../../../../lib/web/schemas';
import { toDetail } from '../../../../lib/web/views';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route<Ctx>(async (request, { params }) => {
  const actor = await requireActor(request);
  const id = parse(Schemas.OrderId, (await params).id, 'order id');
  const view = order(actor, id);
  if (!view) {
    // Not in this node's read model: unknown (or not theirs), or saved and not projected here yet.
    const saved = await savedVersion(actor, id);
    if (saved === null) throw new HttpError(404, NOT_FOUND);
    throw new HttpError(
      503,
      `the order is saved (version ${saved}) but this server's view has not caught up with it yet: try again in a moment`,
      { savedVersion: saved },
      { 'retry-after': '1' },
    );
  }
  const etag = `"${view.summary.version}"`;
  if (request.headers.get('if-none-match') === etag) return json(304, null, { etag });
  return json(200, { summary: toDetail(view.summary), items: view.items }, { etag });
});
