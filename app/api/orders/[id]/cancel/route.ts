import { commandResponse, requireActor, route } from '../../../../../lib/web/api';
import { parse, queryOf, readJson } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';
import { cancelOrder } from '../../../../../lib/write/orders';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
    const { consistency } = parse(Schemas.CommandQuery, queryOf(request), 'query');
    const { reason, ...o } = parse(Schemas.CancelBody, await readJson(request, { optional: true }), 'body');
    return commandResponse(
      request,
      requestId,
      { ...o, consistency },
      (input, meta) => cancelOrder(actor, { ...input, orderId, reason: reason ?? '' }, meta),
      { orderId },
    );
  },
  { command: 'CancelOrder' },
);
