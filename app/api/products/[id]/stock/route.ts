import { productDetail } from '../../../../../lib/read/catalog';
import { commandResponse, requireActor, route } from '../../../../../lib/web/api';
import { HttpError, json, parse, queryOf, readJson } from '../../../../../lib/web/http';
import { Schemas } from '../../../../../lib/web/schemas';
import { receiveStock } from '../../../../../lib/write/stock';

type Ctx = { params: Promise<{ id: string }> };

/** Staff: a product's stock (on hand, held for orders, available), from the read model. Others get 404. */
export const GET = route<Ctx>(async (request, { params }) => {
  const actor = await requireActor(request);
  if (!actor.staff) throw new HttpError(404, 'not found');
  const productId = parse(Schemas.ProductId, (await params).id, 'product id');
  parse(Schemas.NoQuery, queryOf(request), 'query');
  const detail = await productDetail(actor, productId);
  if (!detail) throw new HttpError(404, 'product not found');
  return json(200, { productId, ...detail.product.stock });
});

/** Staff record units received (a positive whole number). Others get 404, as if the route did not exist. */
export const POST = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    if (!actor.staff) throw new HttpError(404, 'not found');
    const productId = parse(Schemas.ProductId, (await params).id, 'product id');
    parse(Schemas.NoQuery, queryOf(request), 'query');
    const { quantity, ...o } = parse(Schemas.StockReceiveBody, await readJson(request), 'stock received');
    return commandResponse(
      request,
      requestId,
      o,
      (input, meta) => receiveStock(actor, { ...input, productId, quantity }, meta),
      { notFound: 'product not found', body: (version) => ({ productId, version }) },
    );
  },
  { command: 'ReceiveStock' },
);
