import { productsOnSale } from '../../../lib/read/catalog';
import { route } from '../../../lib/web/api';
import { json } from '../../../lib/web/http';

export const GET = route(async () =>
  json(
    200,
    productsOnSale().map(({ id, name, priceCents }) => ({ id, name, priceCents })),
  ),
);
