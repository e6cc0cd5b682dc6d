import { productsOnSale } from '../../../lib/read/catalog';
import { commandResponse, requireActor, route } from '../../../lib/web/api';
import { HttpError, json, parse, queryOf, readJson } from '../../../lib/web/http';
import { Schemas } from '../../../lib/web/schemas';
import { listProduct } from '../../../lib/write/catalog';

/** The products on sale (public). */
export const GET = route(async (request) => {
  parse(Schemas.NoQuery, queryOf(request), 'query');
  return json(
    200,
    productsOnSale().map(({ id, name, priceCents, stock }) => ({ id, name, priceCents, available: stock.available })),
  );
});

/** Staff list a product; anyone else gets 404, as if the route did not exist for them. */
export const POST = route(
  async (request, _ctx, requestId) => {
    const actor = await requireActor(request);
    if (!actor.staff) throw new HttpError(404, 'not found'); // customers: as if the route did not exist
    parse(Schemas.NoQuery, queryOf(request), 'query');
    const { id, name, priceCents, commandId } = parse(Schemas.NewProductBody, await readJson(request), 'product');
    return commandResponse(
      request,
      requestId,
      { commandId },
      (input, meta) => listProduct(actor, { ...input, productId: id, name, priceCents }, meta),
      {
        notFound: 'not found',
        creates: true,
        successStatus: 201,
        body: (version) => ({ id, version }),
        headers: { location: `/api/products/${id}` },
      },
    );
  },
  { command: 'ListProduct' },
);
