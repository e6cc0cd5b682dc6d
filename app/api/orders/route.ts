import { BadCursorError, listOrders } from '../../../lib/read/queries';
import { commandResponse, newOrderId, requireActor, route } from '../../../lib/web/api';
import { HttpError, json, parse, queryOf, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';
import { toSummary } from '../../../lib/web/views';

export const GET = route(async (request, _ctx, rt) => {
  const actor = requireActor(rt, request);
  const q = parse(Schemas.ListQuery, queryOf(request), 'query');
  try {
    const { orders, nextCursor } = listOrders(rt.db, actor, q);
    return json(200, orders.map(toSummary), nextCursor ? { 'x-next-cursor': nextCursor } : {});
  } catch (error) {
    if (error instanceof BadCursorError) throw new HttpError(400, error.message);
    throw error;
  }
});

export const POST = route(async (request, _ctx, rt, requestId) => {
  const actor = requireActor(rt, request);
  const q = parse(Schemas.CommandQuery, queryOf(request), 'query');
  const body = parse(Schemas.CreateOrderBody, await readJson(request), 'order');
  const orderId = newOrderId(actor, body.commandId);
  return commandResponse(
    rt,
    request,
    requestId,
    actor,
    { type: 'CreateOrder', data: { orderId, items: body.items } },
    {
      commandId: body.commandId,
      consistency: q.consistency,
      successStatus: 201,
      body: (version) => ({ id: orderId, version }),
      headers: { location: `/api/orders/${orderId}` },
    },
  );
});
