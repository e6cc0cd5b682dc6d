// Order commands: imperative, plain data. The zod field schemas are the one definition of each field's shape; the
// edges (JSON API, forms) parse with them, and the handler takes the typed result. Types and shapes are checked at
// the edge (`invalid`, HTTP 400); business rules are the aggregate's (`rule`, HTTP 422).
import { z } from 'zod';
import type { UnavailableLine } from './events';

/** An order id: a UUID, in any case, read as lower case (the case the app writes and keys streams by). */
export const OrderId = z.uuid({ error: 'must be an order id (a UUID)' }).toLowerCase();
/** Any short string: whether it names a product in the catalog is a business rule (UnknownProduct). */
export const ProductRef = z.string().min(1).max(64);
/** A whole number; its range (1-999) is a business rule, so that a client hears the rule's message. */
export const Quantity = z.int({ error: 'must be a whole number' });
export const CancelReason = z.string().trim().max(500);
export const ItemRequest = z.strictObject({ productId: ProductRef, quantity: Quantity });
/** At most this many items in one request (the rule allows 100 lines; merging may fold duplicates). */
export const MAX_ITEMS_PER_REQUEST = 1000;

export type OrderCommand =
  | { type: 'CreateOrder'; data: { orderId: string; items: { productId: string; quantity: number }[] } }
  | { type: 'AddItem'; data: { orderId: string; productId: string; quantity: number } }
  | { type: 'RemoveItem'; data: { orderId: string; productId: string } }
  | { type: 'ChangeQuantity'; data: { orderId: string; productId: string; quantity: number } }
  | { type: 'SubmitOrder'; data: { orderId: string } }
  | { type: 'CancelOrder'; data: { orderId: string; reason: string } }
  /** The reservations process: every line's stock is held. */
  | { type: 'ConfirmOrder'; data: { orderId: string } }
  /** Staff: a confirmed order is on its way; its reserved units leave the stock. */
  | { type: 'ShipOrder'; data: { orderId: string } }
  /** The reservations process: these lines could not be reserved (nothing is held). */
  | { type: 'RejectOrder'; data: { orderId: string; unavailable: UnavailableLine[] } };
export type OrderCommandType = OrderCommand['type'];

/** The product ids a command names: the handler reads their catalog entries before deciding. */
export function productIdsOf(command: OrderCommand): string[] {
  switch (command.type) {
    case 'CreateOrder':
      return command.data.items.map((i) => i.productId);
    case 'AddItem':
    case 'ChangeQuantity':
      return [command.data.productId];
    default:
      return [];
  }
}
