import { BadCursorError, orders } from '../../../lib/read/orders';
import { commandResponse, requireActor, route } from '../../../lib/web/api';
import { HttpError, json, parse, queryOf, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';
import { toSummary } from '../../../lib/web/views';
import { createOrder, freshCommandId, newOrderId } from '../../../lib/write/orders';

export const GET = route(async (request) => {
  const actor = await requireActor(request);
  const q = parse(Schemas.ListQuery, queryOf(request), 'query');
  try {
    const page = orders(actor, q);
    return json(200, page.orders.map(toSummary), page.nextCursor ? { 'x-next-cursor': page.nextCursor } : {});
  } catch (error) {
    if (error instanceof BadCursorError) throw new HttpError(400, error.message);
    throw error;
  }
});

export const POST = route(
  async (request, _ctx, requestId) => {
    const actor = await requireActor(request);
    const { consistency } = parse(Schemas.CommandQuery, queryOf(request), 'query');
    const { items, commandId = freshCommandId() } = parse(Schemas.CreateOrderBody, await readJson(request), 'order');
    const orderId = newOrderId(actor, commandId);
    return commandResponse(
      request,
      requestId,
      { commandId, consistency },
      (input, meta) => createOrder(actor, { ...input, items }, meta),
      {
        orderId,
        creates: true,
        successStatus: 201,
        body: (version) => ({ id: orderId, version }),
        headers: { location: `/api/orders/${orderId}` },
      },
    );
  },
  { command: 'CreateOrder' },
);
