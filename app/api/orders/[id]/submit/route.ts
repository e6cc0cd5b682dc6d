import { orderCommandRoute } from '../../../../../lib/web/api';
import { submitOrder } from '../../../../../lib/write/orders';

/** Submits a draft order: its stock is then reserved by the reservations process. */
export const POST = orderCommandRoute('SubmitOrder', submitOrder);
