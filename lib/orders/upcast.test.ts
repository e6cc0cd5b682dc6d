import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../eventstore/types';
import { fold } from './order';
import { stored, TUTORIAL_ORDER, tutorialEvents } from './testing';
import { type RawEvent, UnreadableEventError, upcast } from './upcast';

const ORDER = TUTORIAL_ORDER;
const raw = (type: string, data: JsonValue, version: number, metadata: JsonObject = {}): RawEvent => ({
  type,
  data,
  metadata,
  streamId: `order-${ORDER}`,
  version,
  recordedAt: new Date(Date.UTC(2020, 0, 1, 0, version)).toISOString(),
});

describe('reading events written in the tutorial shape', () => {
  it('turns them into current events, with money in exact cents', () => {
    const events = tutorialEvents(ORDER).map(upcast);
    expect(events.map((e) => e.type)).toEqual(['OrderCreated', 'ItemAdded', 'OrderSubmitted']);
    expect(events[0]!.data).toEqual({
      orderId: ORDER,
      customerId: 'ann',
      lines: [
        { productId: 'espresso', name: 'espresso', quantity: 3, unitPriceCents: 1999 },
        { productId: 'filter', name: 'filter', quantity: 3, unitPriceCents: 115 },
      ],
    });
    expect(events[1]!.data).toEqual({
      orderId: ORDER,
      productId: 'mug',
      name: 'mug',
      quantity: 1,
      unitPriceCents: 435,
    });
  });

  it('folds them exactly like current events', () => {
    const legacy = fold(tutorialEvents(ORDER).map(upcast));
    const current = fold(
      stored(
        [
          {
            type: 'OrderCreated',
            data: {
              orderId: ORDER,
              customerId: 'ann',
              lines: [
                { productId: 'espresso', name: 'espresso', quantity: 3, unitPriceCents: 1999 },
                { productId: 'filter', name: 'filter', quantity: 3, unitPriceCents: 115 },
              ],
            },
          },
          {
            type: 'ItemAdded',
            data: { orderId: ORDER, productId: 'mug', name: 'mug', quantity: 1, unitPriceCents: 435 },
          },
          { type: 'OrderSubmitted', data: { orderId: ORDER } },
        ],
        Date.UTC(2020, 0, 1, 0, 1),
      ),
    );
    expect(legacy).toEqual(current);
    // 3 × 19.99 + 3 × 1.15 + 4.35 = 67.77: in cents, without float drift.
    expect(legacy.status !== 'none' && legacy.totalCents).toBe(6777);
  });

  it('passes current events through, checked', () => {
    const e = raw('OrderSubmitted', { orderId: ORDER }, 4, { schemaVersion: 1 });
    expect(upcast(e)).toEqual({
      type: 'OrderSubmitted',
      data: { orderId: ORDER },
      version: 4,
      recordedAt: e.recordedAt,
    });
  });

  it.each([
    ['an unknown type', raw('order_exploded', {}, 1)],
    ['a future schema version', raw('OrderSubmitted', { orderId: ORDER }, 1, { schemaVersion: 9 })],
    [
      'a current event with a bad shape',
      raw('ItemAdded', { orderId: ORDER, quantity: 'two' }, 1, { schemaVersion: 1 }),
    ],
    ['an old event with a bad shape', raw('item_added', { product_id: 'x', quantity: 1, price: 'free' }, 1)],
  ])('refuses %s, naming the event', (_, event) => {
    expect(() => upcast(event)).toThrow(UnreadableEventError);
    expect(() => upcast(event)).toThrow(`${event.type} v`);
  });
});
