import { commandResponse, requireActor, route } from '../../../../../lib/web/api';
import { parse, queryOf, readJson } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';
import { addItem } from '../../../../../lib/write/orders';

type Ctx = { params: Promise<{ id: string }> };

export const POST = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    const orderId = parse(Schemas.OrderId, (await params).id, 'order id');
    const { consistency } = parse(Schemas.CommandQuery, queryOf(request), 'query');
    const { productId, quantity, ...o } = parse(Schemas.AddItemBody, await readJson(request), 'item');
    return commandResponse(
      request,
      requestId,
      { ...o, consistency },
      (input, meta) => addItem(actor, { ...input, orderId, productId, quantity }, meta),
      { orderId },
    );
  },
  { command: 'AddItem' },
);
