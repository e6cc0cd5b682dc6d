import { listProducts } from '../../../lib/catalog/products';
import { route } from '../../../lib/web/api';
import { json } from '../../../lib/web/http';

export const GET = route(async (_request, _ctx, rt) =>
  json(
    200,
    listProducts(rt.db).map(({ id, name, priceCents }) => ({ id, name, priceCents })),
  ),
);
