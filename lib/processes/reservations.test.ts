// The reservations process manager's decisions, given/when/then: given the order event (and the stock's answers),
// then these commands, with ids that are the same every time the same event is handled.
import { describe, expect, it } from 'vitest';
import { line, ORDER_ID } from '../orders/testing';
import {
  type LineOutcome,
  onConfirmRefused,
  onOrderEvent,
  onReservations,
  onUnstockedOrderEvent,
  processCommandId,
  type Trigger,
} from './reservations';

const submittedEvent: Trigger = {
  eventId: 'event-submitted',
  type: 'OrderSubmitted',
  orderId: ORDER_ID,
  lines: [line('espresso', 2), line('mug', 1)],
};
const held = (productId: string): LineOutcome => ({ productId, reserved: true });
const short = (productId: string, requested: number, available: number): LineOutcome => ({
  productId,
  reserved: false,
  requested,
  available,
});
const commandsOf = (sent: ReturnType<typeof onOrderEvent>) => sent.map((s) => s.command);

describe('the reservations process', () => {
  it('given an order submitted, then it reserves every line for that order', () => {
    expect(commandsOf(onOrderEvent(submittedEvent))).toEqual([
      { type: 'ReserveStock', data: { productId: 'espresso', orderId: ORDER_ID, quantity: 2 } },
      { type: 'ReserveStock', data: { productId: 'mug', orderId: ORDER_ID, quantity: 1 } },
    ]);
  });

  it('given every line reserved, then it confirms the order', () => {
    expect(commandsOf(onReservations(submittedEvent, [held('espresso'), held('mug')]))).toEqual([
      { type: 'ConfirmOrder', data: { orderId: ORDER_ID } },
    ]);
  });

  it('given a line refused, then it releases the lines held and rejects the order naming the refused ones', () => {
    expect(commandsOf(onReservations(submittedEvent, [held('espresso'), short('mug', 1, 0)]))).toEqual([
      { type: 'ReleaseReservation', data: { productId: 'espresso', orderId: ORDER_ID } },
      {
        type: 'RejectOrder',
        data: {
          orderId: ORDER_ID,
          unavailable: [{ productId: 'mug', name: 'Stoneware mug', requested: 1, available: 0 }],
        },
      },
    ]);
  });

  it('given every line refused, then it releases nothing and rejects with every line', () => {
    const sent = commandsOf(onReservations(submittedEvent, [short('espresso', 2, 1), short('mug', 1, 0)]));
    expect(sent.map((c) => c.type)).toEqual(['RejectOrder']);
    expect(sent[0]).toMatchObject({ data: { unavailable: [{ productId: 'espresso' }, { productId: 'mug' }] } });
  });

  it('given only some outcomes, then it decides nothing yet', () => {
    expect(() => onReservations(submittedEvent, [held('espresso')])).toThrow(/no reservation outcome yet for mug/);
  });

  it('given a confirmed order cancelled, then it releases every line', () => {
    const cancelledEvent: Trigger = { ...submittedEvent, eventId: 'event-cancelled', type: 'OrderCancelled' };
    expect(commandsOf(onOrderEvent(cancelledEvent))).toEqual([
      { type: 'ReleaseReservation', data: { productId: 'espresso', orderId: ORDER_ID } },
      { type: 'ReleaseReservation', data: { productId: 'mug', orderId: ORDER_ID } },
    ]);
  });

  it('given a confirmed order shipped, then it commits every line (the units leave the stock), once', () => {
    const shippedEvent: Trigger = { ...submittedEvent, eventId: 'event-shipped', type: 'OrderShipped' };
    const sent = onOrderEvent(shippedEvent);
    expect(commandsOf(sent)).toEqual([
      { type: 'CommitReservation', data: { productId: 'espresso', orderId: ORDER_ID } },
      { type: 'CommitReservation', data: { productId: 'mug', orderId: ORDER_ID } },
    ]);
    expect(onOrderEvent({ ...shippedEvent }).map((c) => c.commandId)).toEqual(sent.map((c) => c.commandId));
    expect(onUnstockedOrderEvent(shippedEvent)).toEqual([]);
  });

  it('given the order cancelled before it could be confirmed, then it releases what it held', () => {
    expect(commandsOf(onConfirmRefused(submittedEvent)).map((c) => c.type)).toEqual([
      'ReleaseReservation',
      'ReleaseReservation',
    ]);
  });

  it('sends the same command ids every time it handles the same event, and different ones for each step', () => {
    const first = [
      ...onOrderEvent(submittedEvent),
      ...onReservations(submittedEvent, [held('espresso'), short('mug', 1, 0)]),
      ...onConfirmRefused(submittedEvent),
    ];
    const again = [
      ...onOrderEvent({ ...submittedEvent }),
      ...onReservations(submittedEvent, [held('espresso'), short('mug', 1, 0)]),
      ...onConfirmRefused(submittedEvent),
    ];
    expect(again.map((c) => c.commandId)).toEqual(first.map((c) => c.commandId));
    expect(new Set(first.map((c) => c.commandId)).size).toBe(first.length);
    expect(processCommandId({ eventId: 'another-event' }, 'reserve', 'mug')).not.toBe(first[1]!.commandId);
  });

  it('given an order submitted before stock was kept, then it confirms it holding nothing; a cancel sends nothing', () => {
    expect(commandsOf(onUnstockedOrderEvent(submittedEvent))).toEqual([
      { type: 'ConfirmOrder', data: { orderId: ORDER_ID } },
    ]);
    expect(onUnstockedOrderEvent({ ...submittedEvent, type: 'OrderCancelled' })).toEqual([]);
  });
});
