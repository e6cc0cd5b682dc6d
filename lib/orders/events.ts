// Order events: facts, in the past tense, plain JSON. The zod schemas below are the ONE definition of every event's
// current shape: the TypeScript types are derived from them, and upcast.ts checks stored events against them.
// Older stored shapes are turned into these by upcast.ts before anything else sees them.
import { z } from 'zod';
import type { Recorded } from '../domain';

/** Every status an existing order can have, in the order of its life. */
export const ORDER_STATUSES = ['draft', 'submitted', 'confirmed', 'shipped', 'rejected', 'cancelled'] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

const Cents = z.int().nonnegative();
const Quantity = z.int().min(1);

export const LineSchema = z.object({
  productId: z.string(),
  /** The product's name when it was added: history stays true when the catalog changes. */
  name: z.string(),
  quantity: Quantity,
  /** The price charged for this line, in integer cents, fixed when the product was first added. */
  unitPriceCents: Cents,
});
export type Line = z.infer<typeof LineSchema>;

/** A line that could not be reserved: how many were asked for and how many were available then. */
export const UnavailableLineSchema = z.object({
  productId: z.string(),
  name: z.string(),
  requested: Quantity,
  available: z.int().nonnegative(),
});
export type UnavailableLine = z.infer<typeof UnavailableLineSchema>;

/** The data of each event type, as written today. */
export const ORDER_EVENT_DATA = {
  OrderCreated: z.object({ orderId: z.string(), customerId: z.string(), lines: z.array(LineSchema) }),
  /** Adds a line, or adds `quantity` to the line of the same product (at that line's price). */
  ItemAdded: LineSchema.extend({ orderId: z.string() }),
  ItemRemoved: z.object({ orderId: z.string(), productId: z.string() }),
  ItemQuantityChanged: z.object({ orderId: z.string(), productId: z.string(), quantity: Quantity }),
  OrderSubmitted: z.object({ orderId: z.string() }),
  /** Every line's stock is reserved (by the reservations process): the order will be fulfilled. */
  OrderConfirmed: z.object({ orderId: z.string() }),
  /** Staff sent a confirmed order on its way: its reserved units leave the stock (the reservations process commits them). */
  OrderShipped: z.object({ orderId: z.string() }),
  /** Some lines could not be reserved: nothing is held for the order, which ends here. */
  OrderRejected: z.object({ orderId: z.string(), unavailable: z.array(UnavailableLineSchema).min(1) }),
  OrderCancelled: z.object({ orderId: z.string(), reason: z.string() }),
} as const;

type DataOf = { [T in keyof typeof ORDER_EVENT_DATA]: z.infer<(typeof ORDER_EVENT_DATA)[T]> };
export type OrderEventType = keyof typeof ORDER_EVENT_DATA;
export const ORDER_EVENT_TYPES = Object.keys(ORDER_EVENT_DATA) as OrderEventType[];
export type OrderEvent = { [T in OrderEventType]: { type: T; data: DataOf[T] } }[OrderEventType];

/** The schema version every event type is written with today; bumped together with an upcaster in upcast.ts. */
export const EVENT_SCHEMA_VERSIONS: Record<OrderEventType, number> = {
  OrderCreated: 1,
  ItemAdded: 1,
  ItemRemoved: 1,
  ItemQuantityChanged: 1,
  OrderSubmitted: 1,
  OrderConfirmed: 1,
  OrderShipped: 1,
  OrderRejected: 1,
  OrderCancelled: 1,
};

export const isOrderEventType = (type: string): type is OrderEventType => Object.hasOwn(ORDER_EVENT_DATA, type);

/** An event as the domain folds it: the fact plus where it stands in its stream and when it was recorded. */
export type StoredOrderEvent = Recorded<OrderEvent>;

// Stream names are built here and only here.
export const ORDER_STREAM_PREFIX = 'order-';
export const orderStream = (orderId: string) => `${ORDER_STREAM_PREFIX}${orderId}`;
export const isOrderStream = (streamId: string) => streamId.startsWith(ORDER_STREAM_PREFIX);
export const orderIdOfStream = (streamId: string) => streamId.slice(ORDER_STREAM_PREFIX.length);
