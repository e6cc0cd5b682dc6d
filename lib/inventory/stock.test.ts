// The Stock aggregate, given/when/then: given past events, when a command, then new events or a refusal.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain';
import type { StockEvent } from './events';
import { available, decide, foldStock, MAX_STOCK_QUANTITY, type StockCommand } from './stock';

const staff: Actor = { id: 'sam', staff: true };
const customer: Actor = { id: 'ann', staff: false };
const process: Actor = { id: 'process:reservations', staff: true, process: true };
const P = 'mug';

const stored = (events: StockEvent[]) =>
  events.map((e, i) => ({ ...e, version: i + 1, recordedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));

function given(history: StockEvent[]) {
  const state = foldStock(stored(history));
  return {
    state,
    when(command: StockCommand, actor: Actor = staff) {
      const run = () => decide(command, state, { actor });
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the spec; this object is never awaited
        then: (expected: StockEvent[]) => expect(run()).toEqual(expected),
        thenFails(kind: 'rule' | 'not_found' | 'forbidden', code: string) {
          expect(run).toThrow(expect.objectContaining({ kind, code }));
        },
      };
    },
  };
}

const received = (quantity: number): StockEvent => ({ type: 'StockReceived', data: { productId: P, quantity } });
const reserved = (orderId: string, quantity: number): StockEvent => ({
  type: 'StockReserved',
  data: { productId: P, orderId, quantity },
});
const released = (orderId: string, quantity: number): StockEvent => ({
  type: 'ReservationReleased',
  data: { productId: P, orderId, quantity },
});
const receive = (quantity: number): StockCommand => ({ type: 'ReceiveStock', data: { productId: P, quantity } });
const adjust = (quantity: number, reason = 'two broken'): StockCommand => ({
  type: 'AdjustStock',
  data: { productId: P, quantity, reason },
});
const reserve = (orderId: string, quantity: number): StockCommand => ({
  type: 'ReserveStock',
  data: { productId: P, orderId, quantity },
});
const release = (orderId: string): StockCommand => ({ type: 'ReleaseReservation', data: { productId: P, orderId } });
const commit = (orderId: string): StockCommand => ({ type: 'CommitReservation', data: { productId: P, orderId } });

describe('receiving and correcting stock', () => {
  it('staff receive units', () =>
    given([])
      .when(receive(5))
      .then([received(5)]));
  it.each([0, -1, 1.5, MAX_STOCK_QUANTITY + 1, Number.NaN])('refuses to receive %s units', (q) =>
    given([]).when(receive(q)).thenFails('rule', 'QuantityOutOfRange'),
  );
  it('is for staff only: a customer is refused, and so is the process for receiving', () => {
    given([]).when(receive(5), customer).thenFails('forbidden', 'StaffOnly');
    given([]).when(adjust(-1), customer).thenFails('forbidden', 'StaffOnly');
  });
  it('corrects the count with a reason, trimmed', () =>
    given([received(5)])
      .when(adjust(-2, '  two broken  '))
      .then([{ type: 'StockAdjusted', data: { productId: P, quantity: -2, reason: 'two broken' } }]));
  it('refuses a correction of 0, without a reason, or with a line break', () => {
    given([received(5)])
      .when(adjust(0))
      .thenFails('rule', 'QuantityOutOfRange');
    given([received(5)])
      .when(adjust(-1, '   '))
      .thenFails('rule', 'ReasonRequired');
    given([received(5)])
      .when(adjust(-1, 'a\nb'))
      .thenFails('rule', 'ReasonRequired');
  });
  it('never takes units held for orders: available stays at or above zero', () => {
    const h = [received(5), reserved('o1', 3)];
    given(h)
      .when(adjust(-2))
      .then([{ type: 'StockAdjusted', data: { productId: P, quantity: -2, reason: 'two broken' } }]);
    given(h).when(adjust(-3)).thenFails('rule', 'BelowReserved');
  });
  it('never counts below zero, and says so without speaking of held units when none are held', () => {
    expect(() => decide(adjust(-3), foldStock(stored([received(2)])), { actor: staff })).toThrow(
      '2 on hand: a correction of -3 would leave fewer than none',
    );
  });
});

describe('reservations', () => {
  it('holds what is available for an order', () => {
    given([received(5)])
      .when(reserve('o1', 5), process)
      .then([reserved('o1', 5)]);
    expect(available(given([received(5), reserved('o1', 3)]).state)).toBe(2);
  });
  it('records a refusal when the order asks for more than is available, holding nothing', () =>
    given([received(5), reserved('o1', 3)])
      .when(reserve('o2', 3), process)
      .then([{ type: 'ReservationRefused', data: { productId: P, orderId: 'o2', quantity: 3, available: 2 } }]));
  it('refuses everything on a product with no stock', () =>
    given([])
      .when(reserve('o1', 1), process)
      .then([{ type: 'ReservationRefused', data: { productId: P, orderId: 'o1', quantity: 1, available: 0 } }]));
  it('is made at most once per order: held, refused, released or committed, a second reserve does nothing', () => {
    given([received(5), reserved('o1', 2)])
      .when(reserve('o1', 2), process)
      .then([]);
    given([received(5), reserved('o1', 2), released('o1', 2)])
      .when(reserve('o1', 2), process)
      .then([]);
    given([
      received(1),
      { type: 'ReservationRefused', data: { productId: P, orderId: 'o1', quantity: 2, available: 1 } },
    ])
      .when(reserve('o1', 1), process)
      .then([]);
  });
  it('releases what was held, at most once; nothing held, nothing to release', () => {
    given([received(5), reserved('o1', 2)])
      .when(release('o1'), process)
      .then([released('o1', 2)]);
    given([received(5), reserved('o1', 2), released('o1', 2)])
      .when(release('o1'), process)
      .then([]);
    given([received(5)])
      .when(release('o1'), process)
      .then([]);
    expect(available(given([received(5), reserved('o1', 2), released('o1', 2)]).state)).toBe(5);
  });
  it('commits what was held: the units leave the shelf', () => {
    given([received(5), reserved('o1', 2)])
      .when(commit('o1'), process)
      .then([{ type: 'ReservationCommitted', data: { productId: P, orderId: 'o1', quantity: 2 } }]);
    const after = given([
      received(5),
      reserved('o1', 2),
      { type: 'ReservationCommitted', data: { productId: P, orderId: 'o1', quantity: 2 } },
    ]).state;
    expect(after).toMatchObject({ onHand: 3, reserved: 0 });
    expect(available(after)).toBe(3);
  });
  it('are made only by the order process: staff and customers are refused', () => {
    for (const actor of [staff, customer]) {
      given([received(5)])
        .when(reserve('o1', 1), actor)
        .thenFails('forbidden', 'ProcessOnly');
      given([received(5), reserved('o1', 1)])
        .when(release('o1'), actor)
        .thenFails('forbidden', 'ProcessOnly');
    }
  });
});
