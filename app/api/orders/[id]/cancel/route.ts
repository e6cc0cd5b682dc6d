import { commandResponse, requireActor, route } from '../../../../../lib/web/api';
import { parse, queryOf, readJson } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>(async (request, { params }, rt, requestId) => {
  const actor = requireActor(rt, request);
  const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
  const q = parse(Schemas.CommandQuery, queryOf(request), 'query');
  const { reason, ...o } = parse(Schemas.CancelBody, await readJson(request, { optional: true }), 'body');
  return commandResponse(
    rt,
    request,
    requestId,
    actor,
    { type: 'CancelOrder', data: { orderId, reason: reason ?? '' } },
    { ...o, consistency: q.consistency },
  );
});
