// The orders read model: given events, then rows.
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../../orders/events';
import {
  cancelled,
  created,
  itemAdded,
  itemRemoved,
  line,
  ORDER_ID,
  quantityChanged,
  submitted,
} from '../../../orders/testing';
import { dumpTables } from '../../testing';
import { type GivenModel as Given, givenEvents } from '../testing';
import { customerStats, getOrder } from './queries';

const staff = { id: 'sam', staff: true };
let given: Given | undefined;
afterEach(() => given?.close());

const rows = (history: OrderEvent[], batchSize?: number) => {
  given = givenEvents(history, { batchSize });
  return { order: getOrder(given.db, ORDER_ID, staff)!, stats: customerStats(given.db, 'ann'), given };
};

describe('the orders read model', () => {
  it('given OrderCreated: a draft summary, its lines in order, and the customer counted once', () => {
    const { order, stats, given } = rows([created([line('espresso', 2), line('mug', 1)])]);
    expect(order.summary).toEqual({
      id: ORDER_ID,
      // The order's number for people is its first event's global position.
      number: given.recorded[0]!.position,
      customerId: 'ann',
      customerName: 'ann',
      status: 'draft',
      totalCents: 4200,
      itemCount: 2,
      version: 1,
      createdAt: given.recorded[0]!.recordedAt,
      updatedAt: given.recorded[0]!.recordedAt,
      submittedAt: null,
      cancelledAt: null,
      cancelReason: null,
    });
    expect(order.items).toEqual([line('espresso', 2), line('mug', 1)]);
    expect(stats).toMatchObject({ ordersCount: 1, submittedCount: 0, lifetimeValueCents: 0 });
  });

  it('given lines added, merged, changed and removed: the lines and total that remain', () => {
    const { order } = rows([
      created(),
      itemAdded('mug', 1),
      itemAdded('espresso', 3),
      quantityChanged('mug', 4),
      itemRemoved('espresso'),
    ]);
    expect(order.summary).toMatchObject({ totalCents: 7200, itemCount: 1, version: 5, status: 'draft' });
    expect(order.items).toEqual([line('mug', 4)]);
  });

  it('given a submission: submitted, with its time and the lifetime value', () => {
    const { order, stats, given } = rows([created(), submitted]);
    expect(order.summary).toMatchObject({ status: 'submitted', submittedAt: given.recorded[1]!.recordedAt });
    expect(stats).toMatchObject({ ordersCount: 1, submittedCount: 1, cancelledCount: 0, lifetimeValueCents: 2400 });
  });

  it('given a submitted order cancelled: cancelled with its reason, and no longer worth anything', () => {
    const { order, stats } = rows([created(), submitted, cancelled('too dear')]);
    expect(order.summary).toMatchObject({ status: 'cancelled', cancelReason: 'too dear' });
    expect(order.summary.submittedAt).not.toBeNull();
    expect(stats).toMatchObject({ ordersCount: 1, submittedCount: 0, cancelledCount: 1, lifetimeValueCents: 0 });
  });

  it('gives the same rows whatever the batch boundaries', () => {
    const history = [created(), itemAdded('mug', 2), submitted, cancelled()];
    const tables = ['order_summaries', 'order_items', 'customer_stats', 'order_state'];
    const together = dumpTables(rows(history).given.db, tables);
    given?.close();
    const oneByOne = dumpTables(rows(history, 1).given.db, tables);
    expect(oneByOne).toEqual(together);
  });
});
