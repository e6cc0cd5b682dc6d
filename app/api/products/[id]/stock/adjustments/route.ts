import { commandResponse, requireActor, route } from '../../../../../../lib/web/api';
import { HttpError, parse, queryOf, readJson } from '../../../../../../lib/web/http';
import { Schemas } from '../../../../../../lib/web/schemas';
import { adjustStock } from '../../../../../../lib/write/stock';

type Ctx = { params: Promise<{ id: string }> };

/**
 * Staff correct a product's count: `quantity` is the signed change (−2 broken, +1 found) with a reason; it may not
 * take units held for orders (422). Others get 404, as if the route did not exist.
 */
export const POST = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    if (!actor.staff) throw new HttpError(404, 'not found');
    const productId = parse(Schemas.ProductId, (await params).id, 'product id');
    parse(Schemas.NoQuery, queryOf(request), 'query');
    const { quantity, reason, ...o } = parse(Schemas.StockAdjustmentBody, await readJson(request), 'correction');
    return commandResponse(
      request,
      requestId,
      o,
      (input, meta) => adjustStock(actor, { ...input, productId, quantity, reason }, meta),
      { notFound: 'product not found', successStatus: 201, body: (version) => ({ productId, version }) },
    );
  },
  { command: 'AdjustStock' },
);
