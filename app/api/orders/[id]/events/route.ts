import { orderHistory } from '../../../../../lib/read/orders';
import { NOT_FOUND, requireActor, route } from '../../../../../lib/web/api';
import { HttpError, json, parse } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';

type Ctx = { params: Promise<{ id: string }> };

/** The order's events as stored (not upcast: this is the record), oldest first. */
export const GET = route<Ctx>(async (request, { params }) => {
  const actor = await requireActor(request);
  const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
  const events = await orderHistory(actor, orderId);
  if (!events) throw new HttpError(404, NOT_FOUND);
  return json(
    200,
    events.map(({ eventId, type, version, position, recordedAt, data, metadata }) => ({
      eventId,
      type,
      version,
      position,
      recordedAt,
      data,
      metadata,
    })),
  );
});
