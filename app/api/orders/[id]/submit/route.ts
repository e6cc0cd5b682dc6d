import { commandResponse, requireActor, route } from '../../../../../lib/web/api';
import { parse, queryOf, readJson } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';
import { submitOrder } from '../../../../../lib/write/orders';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
    const { consistency } = parse(Schemas.CommandQuery, queryOf(request), 'query');
    const o = parse(Schemas.CommandBody, await readJson(request, { optional: true }), 'body');
    return commandResponse(
      request,
      requestId,
      { ...o, consistency },
      (input, meta) => submitOrder(actor, { ...input, orderId }, meta),
      { orderId },
    );
  },
  { command: 'SubmitOrder' },
);
