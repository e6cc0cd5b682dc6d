import { orderStream } from '../../../../../lib/orders/events';
import { requireActor, route, visibleOrder } from '../../../../../lib/web/api';
import { json, parse } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';

type Ctx = { params: Promise<{ id: string }> };

/** The order's events as stored (not upcast: this is the record), oldest first. */
export const GET = route<Ctx>(async (request, { params }, rt) => {
  const actor = requireActor(rt, request);
  const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
  const { version } = await visibleOrder(rt, actor, orderId);
  const events = [];
  for (let from = 1; from <= version; from += 1000) {
    events.push(
      ...(await rt.store.readStream(orderStream(orderId), { fromVersion: from, toVersion: version, limit: 1000 })),
    );
  }
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
