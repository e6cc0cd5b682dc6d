import { orderHistory } from '../../../../../lib/read/orders';
import { NOT_FOUND, requireActor, route } from '../../../../../lib/web/api';
import { HttpError, json, parse, queryOf } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';

type Ctx = { params: Promise<{ id: string }> };

/**
 * A page of the order's events as stored (not upcast: this is the record): newest first, or with `order=oldest`
 * from the start. X-Next-Cursor names the next page while there is one.
 */
export const GET = route<Ctx>(async (request, { params }) => {
  const actor = await requireActor(request);
  const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
  const query = parse(Schemas.EventsQuery, queryOf(request), 'query');
  const page = await orderHistory(actor, orderId, {
    order: query.order,
    limit: query.limit,
    cursor: query.cursor === undefined ? undefined : Number(query.cursor),
  });
  if (!page) throw new HttpError(404, NOT_FOUND);
  return json(
    200,
    page.events.map(({ eventId, type, version, position, recordedAt, data, metadata }) => ({
      eventId,
      type,
      version,
      position,
      recordedAt,
      data,
      metadata,
    })),
    page.nextCursor === null ? {} : { 'x-next-cursor': String(page.nextCursor) },
  );
});
