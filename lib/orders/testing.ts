// given / when / then for the Order aggregate: given past events, when a command, then new events or a refusal.
import { expect } from 'vitest';
import type { Actor } from '../domain';
import type { JsonObject, JsonValue } from '../eventstore/types';
import type { OrderCommand } from './commands';
import type { OrderEvent, StoredOrderEvent } from './events';
import { type DecideContext, decide, fold, type Product } from './order';

export const ORDER_ID = '7b0c6a4e-1f2d-4c3b-9a8e-5d6f7a8b9c0d';
export const ann: Actor = { id: 'ann', staff: false };
export const bob: Actor = { id: 'bob', staff: false };
export const staff: Actor = { id: 'sam', staff: true };

export const catalog: Product[] = [
  { id: 'espresso', name: 'Espresso beans', priceCents: 1200, active: true },
  { id: 'filter', name: 'Filter papers', priceCents: 350, active: true },
  { id: 'mug', name: 'Stoneware mug', priceCents: 1800, active: true },
  { id: 'grinder', name: 'Hand grinder', priceCents: 6500, active: false },
];
export const products = new Map(catalog.map((p) => [p.id, p]));

/** Past events as the store would hand them back: numbered and timed. */
export const stored = (events: OrderEvent[], start = Date.UTC(2026, 0, 1)): StoredOrderEvent[] =>
  events.map((e, i) => ({ ...e, version: i + 1, recordedAt: new Date(start + i * 60_000).toISOString() }));

export function given(history: OrderEvent[]) {
  return {
    when(command: OrderCommand, ctx: Partial<DecideContext> = {}) {
      const state = fold(stored(history));
      const run = () => decide(command, state, { actor: ann, products, ...ctx });
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the spec; this object is never awaited
        then(expected: OrderEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenFails(kind: 'rule' | 'not_found' | 'forbidden', code?: string) {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error, 'the command should be refused').toBeInstanceOf(Error);
          expect(error).toMatchObject({ kind, ...(code ? { code } : {}) });
          expect((error as Error).message.length).toBeGreaterThan(5);
        },
      };
    },
  };
}

// Builders, so tests read as sentences.
export const line = (productId: string, quantity: number) => {
  const p = products.get(productId)!;
  return { productId, name: p.name, quantity, unitPriceCents: p.priceCents };
};
export const created = (lines = [line('espresso', 2)], customerId = 'ann'): OrderEvent => ({
  type: 'OrderCreated',
  data: { orderId: ORDER_ID, customerId, lines },
});
export const itemAdded = (productId: string, quantity: number, unitPriceCents?: number): OrderEvent => ({
  type: 'ItemAdded',
  data: { orderId: ORDER_ID, ...line(productId, quantity), ...(unitPriceCents ? { unitPriceCents } : {}) },
});
export const itemRemoved = (productId: string): OrderEvent => ({
  type: 'ItemRemoved',
  data: { orderId: ORDER_ID, productId },
});
export const quantityChanged = (productId: string, quantity: number): OrderEvent => ({
  type: 'ItemQuantityChanged',
  data: { orderId: ORDER_ID, productId, quantity },
});
export const submitted: OrderEvent = { type: 'OrderSubmitted', data: { orderId: ORDER_ID } };
export const cancelled = (reason = 'changed my mind'): OrderEvent => ({
  type: 'OrderCancelled',
  data: { orderId: ORDER_ID, reason },
});

export const create = (items: { productId: string; quantity: number }[]): OrderCommand => ({
  type: 'CreateOrder',
  data: { orderId: ORDER_ID, items },
});
export const addItem = (productId: string, quantity: number): OrderCommand => ({
  type: 'AddItem',
  data: { orderId: ORDER_ID, productId, quantity },
});
export const removeItem = (productId: string): OrderCommand => ({
  type: 'RemoveItem',
  data: { orderId: ORDER_ID, productId },
});
export const changeQuantity = (productId: string, quantity: number): OrderCommand => ({
  type: 'ChangeQuantity',
  data: { orderId: ORDER_ID, productId, quantity },
});
export const submit: OrderCommand = { type: 'SubmitOrder', data: { orderId: ORDER_ID } };
/** The reservations process manager, as the order sees it. */
export const reservations: Actor = { id: 'process:reservations', staff: true, process: true };
export const confirm: OrderCommand = { type: 'ConfirmOrder', data: { orderId: ORDER_ID } };
export const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { orderId: ORDER_ID } };
export const ship: OrderCommand = { type: 'ShipOrder', data: { orderId: ORDER_ID } };
export const shipped: OrderEvent = { type: 'OrderShipped', data: { orderId: ORDER_ID } };
export const unavailable = (productId: string, requested: number, available: number) => ({
  productId,
  name: products.get(productId)!.name,
  requested,
  available,
});
export const reject = (lines: ReturnType<typeof unavailable>[]): OrderCommand => ({
  type: 'RejectOrder',
  data: { orderId: ORDER_ID, unavailable: lines },
});
export const rejected = (lines: ReturnType<typeof unavailable>[]): OrderEvent => ({
  type: 'OrderRejected',
  data: { orderId: ORDER_ID, unavailable: lines },
});
export const cancel = (reason = 'changed my mind'): OrderCommand => ({
  type: 'CancelOrder',
  data: { orderId: ORDER_ID, reason },
});

// The tutorial's original shape: snake_case, floats in dollars, a float total, no schema version.
export const TUTORIAL_ORDER = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const tutorialEvents = (orderId = TUTORIAL_ORDER) => {
  const raw = (type: string, data: JsonValue, version: number) => ({
    type,
    data,
    metadata: {} as JsonObject,
    streamId: `order-${orderId}`,
    version,
    recordedAt: new Date(Date.UTC(2020, 0, 1, 0, version)).toISOString(),
  });
  return [
    raw(
      'order_created',
      {
        customer_id: 'ann',
        items: [
          { product_id: 'espresso', quantity: 2, price: 19.99 },
          { product_id: 'filter', quantity: 3, price: 1.15 },
          { product_id: 'espresso', quantity: 1, price: 19.99 },
        ],
        total: 63.42,
      },
      1,
    ),
    raw('item_added', { product_id: 'mug', quantity: 1, price: 4.35 }, 2),
    raw('order_submitted', {}, 3),
  ];
};
