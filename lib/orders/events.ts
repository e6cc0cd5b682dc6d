// Order events: facts, in the past tense, plain JSON. This union is the CURRENT shape of every event type;
// older stored shapes are turned into it by upcast.ts before anything else sees them.

export type Line = {
  productId: string;
  /** The product's name when it was added: history stays true when the catalog changes. */
  name: string;
  quantity: number;
  /** The price charged for this line, in integer cents, fixed when the product was first added. */
  unitPriceCents: number;
};

export type OrderEvent =
  | { type: 'OrderCreated'; data: { orderId: string; customerId: string; lines: Line[] } }
  /** Adds a line, or adds `quantity` to the line of the same product (at that line's price). */
  | { type: 'ItemAdded'; data: { orderId: string } & Line }
  | { type: 'ItemRemoved'; data: { orderId: string; productId: string } }
  | { type: 'ItemQuantityChanged'; data: { orderId: string; productId: string; quantity: number } }
  | { type: 'OrderSubmitted'; data: { orderId: string } }
  | { type: 'OrderCancelled'; data: { orderId: string; reason: string } };

export type OrderEventType = OrderEvent['type'];

/** The schema version every event type is written with today; bumped together with an upcaster in upcast.ts. */
export const EVENT_SCHEMA_VERSIONS: Record<OrderEventType, number> = {
  OrderCreated: 1,
  ItemAdded: 1,
  ItemRemoved: 1,
  ItemQuantityChanged: 1,
  OrderSubmitted: 1,
  OrderCancelled: 1,
};

/** An event as the domain folds it: the fact plus where it stands in its stream and when it was recorded. */
export type StoredOrderEvent = OrderEvent & { version: number; recordedAt: string };

export const orderStream = (orderId: string) => `order-${orderId}`;
export const ORDER_STREAM_PREFIX = 'order-';
export const orderIdOfStream = (streamId: string) => streamId.slice(ORDER_STREAM_PREFIX.length);
