import { ProductRef } from '../../../../../../lib/orders/commands';
import { commandResponse, requireActor, route } from '../../../../../../lib/web/api';
import { parse, queryOf, readJson } from '../../../../../../lib/web/http';
import { Schemas } from '../../../../../../lib/web/schemas';
import { changeQuantity, removeItem } from '../../../../../../lib/write/orders';

type Ctx = { params: Promise<{ id: string; productId: string }> };

async function target(request: Request, params: Ctx['params']) {
  const p = await params;
  return {
    orderId: parse(Schemas.OrderId, p.id, 'order id'),
    productId: parse(ProductRef, p.productId, 'product id'),
    consistency: parse(Schemas.CommandQuery, queryOf(request), 'query').consistency,
  };
}

export const PATCH = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    const { orderId, productId, consistency } = await target(request, params);
    const { quantity, ...o } = parse(Schemas.ChangeQuantityBody, await readJson(request), 'change');
    return commandResponse(
      request,
      requestId,
      { ...o, consistency },
      (input, meta) => changeQuantity(actor, { ...input, orderId, productId, quantity }, meta),
      { orderId },
    );
  },
  { command: 'ChangeQuantity' },
);

export const DELETE = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    const { orderId, productId, consistency } = await target(request, params);
    const o = parse(Schemas.CommandBody, await readJson(request, { optional: true }), 'body');
    return commandResponse(
      request,
      requestId,
      { ...o, consistency },
      (input, meta) => removeItem(actor, { ...input, orderId, productId }, meta),
      { orderId },
    );
  },
  { command: 'RemoveItem' },
);
