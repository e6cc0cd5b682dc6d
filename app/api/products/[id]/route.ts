import { commandResponse, requireActor, route } from '../../../../lib/web/api';
import { HttpError, parse, queryOf, readJson } from '../../../../lib/web/http';
import { Schemas } from '../../../../lib/web/schemas';
import { updateProduct } from '../../../../lib/write/catalog';

type Ctx = { params: Promise<{ id: string }> };

/** Staff change a product's name, price or whether it is on sale (If-Match: its version). Others get 404. */
export const PATCH = route<Ctx>(
  async (request, { params }, requestId) => {
    const actor = await requireActor(request);
    if (!actor.staff) throw new HttpError(404, 'not found'); // customers: as if the route did not exist
    const productId = parse(Schemas.ProductId, (await params).id, 'product id');
    parse(Schemas.NoQuery, queryOf(request), 'query');
    const { commandId, expectedVersion, ...patch } = parse(Schemas.ProductPatchBody, await readJson(request), 'change');
    return commandResponse(
      request,
      requestId,
      { commandId, expectedVersion },
      (input, meta) => updateProduct(actor, { ...input, productId, ...patch }, meta),
      { notFound: 'product not found' },
    );
  },
  { command: 'UpdateProduct' },
);
