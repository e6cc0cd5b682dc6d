import { orderCommandRoute } from '../../../../../lib/web/api';
import { shipOrder } from '../../../../../lib/write/orders';

/** Staff ship a confirmed order (its held units leave the stock); to anyone else the route does not exist (404). */
export const POST = orderCommandRoute('ShipOrder', shipOrder, { staffOnly: true });
