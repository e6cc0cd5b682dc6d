// The activity read model: given events, then one row per event with a line for people.
import { afterEach, describe, expect, it } from 'vitest';
import { cancelled, created, itemAdded, line, ORDER_ID, quantityChanged, submitted } from '../../../orders/testing';
import { type GivenModel as Given, givenEvents } from '../testing';
import {
  activityCausedBy,
  activityCount,
  activityLog,
  eventsPerMinute,
  historySnapshot,
  orderActivityRows,
  TIMELINE_PAGE,
} from './queries';

let given: Given | undefined;
afterEach(() => given?.close());

describe('the activity read model', () => {
  it('given an order’s life: one row per event, in order, with who, when and what in words', () => {
    given = givenEvents([
      created([line('espresso', 2)]),
      { ...itemAdded('mug', 1), actor: 'sam', correlationId: 'corr-2' },
      quantityChanged('mug', 3),
      submitted,
      cancelled('found it elsewhere'),
    ]);
    const rows = orderActivityRows(given.db, ORDER_ID).reverse(); // newest first
    expect(rows.map((r) => `${r.version} ${r.type} by ${r.actor}: ${r.summary}`)).toEqual([
      '1 OrderCreated by ann: Created with 2 × Espresso beans; total $24.00',
      '2 ItemAdded by sam: +1 × Stoneware mug at $18.00',
      '3 ItemQuantityChanged by ann: Stoneware mug: 1 → 3',
      '4 OrderSubmitted by ann: Submitted; total $78.00',
      '5 OrderCancelled by ann: Cancelled: found it elsewhere',
    ]);
    expect(rows[1]).toMatchObject({
      position: 2,
      eventId: 'event-2',
      orderId: ORDER_ID,
      recordedAt: given.recorded[1]!.recordedAt,
      correlationId: 'corr-2',
      causationId: 'command-2',
    });
  });

  it('pages an order’s timeline newest first, and keeps a history snapshot every 100 versions', () => {
    const quantities = Array.from({ length: 249 }, (_, i) => quantityChanged('mug', (i % 9) + 2));
    given = givenEvents([created([line('mug', 1)]), ...quantities]);
    const page = orderActivityRows(given.db, ORDER_ID, { limit: 3 });
    expect(page.map((r) => r.version)).toEqual([250, 249, 248]);
    expect(orderActivityRows(given.db, ORDER_ID, { before: 3 }).map((r) => r.version)).toEqual([2, 1]);
    expect(orderActivityRows(given.db, ORDER_ID)).toHaveLength(TIMELINE_PAGE);
    // Snapshots at 100 and 200: the nearest at or before a version (or a moment), with the state then.
    expect(historySnapshot(given.db, ORDER_ID, { version: 99 })).toBeNull();
    const at199 = historySnapshot(given.db, ORDER_ID, { version: 199 })!;
    expect(at199.version).toBe(100);
    expect(at199.state).toMatchObject({ lines: [{ productId: 'mug', quantity: (98 % 9) + 2 }] });
    expect(historySnapshot(given.db, ORDER_ID, { version: 250 })!.version).toBe(200);
    const moment = new Date(given.recorded[150]!.recordedAt);
    expect(historySnapshot(given.db, ORDER_ID, { at: moment })!.version).toBe(100);
  });

  it('serves the staff log newest first, by type, by correlation, and by cause', () => {
    given = givenEvents([created(), { ...itemAdded('mug', 1), correlationId: 'corr-2' }, submitted]);
    expect(activityLog(given.db).map((r) => r.position)).toEqual([3, 2, 1]);
    expect(activityLog(given.db, { type: 'ItemAdded' }).map((r) => r.position)).toEqual([2]);
    expect(activityLog(given.db, { correlationId: 'corr-2' }).map((r) => r.position)).toEqual([2]);
    expect(activityLog(given.db, { before: 3, limit: 1 }).map((r) => r.position)).toEqual([2]);
    expect(activityCausedBy(given.db, 'command-3').map((r) => r.position)).toEqual([3]);
  });

  it('finds log entries by text in type, actor or order id (any case, taken literally), by time, and pages both ways with counts', () => {
    // Events a minute apart from 2026-01-01T00:00Z.
    given = givenEvents([
      created([line('espresso', 2)]),
      { ...itemAdded('mug', 1), actor: 'Sam_100%' },
      quantityChanged('mug', 3),
      submitted,
      cancelled('found it elsewhere'),
    ]);
    const types = (rows: { type: string }[]) => rows.map((r) => r.type);
    expect(types(activityLog(given.db, { text: 'QUANTITY' }))).toEqual(['ItemQuantityChanged']);
    expect(types(activityLog(given.db, { text: 'sam_100%' }))).toEqual(['ItemAdded']);
    // % and _ are literal, not wildcards.
    expect(activityLog(given.db, { text: '_1%0' })).toEqual([]);
    // The words the table shows find the type too ("Item added" is how ItemAdded is labelled).
    expect(types(activityLog(given.db, { text: 'item added' }))).toEqual([]);
    expect(types(activityLog(given.db, { text: 'item added', textTypes: ['ItemAdded'] }))).toEqual(['ItemAdded']);
    expect(activityLog(given.db, { text: ORDER_ID.slice(10, 20) })).toHaveLength(5);
    // The stream as pages show it finds its order too.
    expect(activityLog(given.db, { text: `ORDER-${ORDER_ID.slice(0, 8).toUpperCase()}` })).toHaveLength(5);
    expect(types(activityLog(given.db, { from: '2026-01-01T00:01:00.000Z', to: '2026-01-01T00:03:00.000Z' }))).toEqual([
      'ItemQuantityChanged',
      'ItemAdded',
    ]);

    const first = activityLog(given.db, { limit: 2 });
    expect(first.map((r) => r.position)).toEqual([5, 4]);
    expect(activityCount(given.db, {}, first[0]!.position)).toEqual({ total: 5, newer: 0 });
    const older = activityLog(given.db, { limit: 2, before: 4 });
    expect(older.map((r) => r.position)).toEqual([3, 2]);
    expect(activityCount(given.db, {}, 3)).toEqual({ total: 5, newer: 2 });
    // Newer from the older page: back to the first, newest first.
    expect(activityLog(given.db, { limit: 2, after: 3 }).map((r) => r.position)).toEqual([5, 4]);
    expect(activityCount(given.db, { text: 'mug' }).total).toBe(0);
    expect(activityCount(given.db, { type: 'OrderSubmitted' }).total).toBe(1);
  });

  it('given events a minute apart, when counted per minute since a moment, then only those at or after it count', () => {
    given = givenEvents([created([line('espresso', 2)]), itemAdded('mug', 1), quantityChanged('mug', 3), submitted]);
    expect(eventsPerMinute(given.db, '2026-01-01T00:01:30.000Z')).toEqual([
      { minute: '2026-01-01T00:02', type: 'ItemQuantityChanged', count: 1 },
      { minute: '2026-01-01T00:03', type: 'OrderSubmitted', count: 1 },
    ]);
    expect(eventsPerMinute(given.db, '2026-01-01T00:01:00.000Z').map((m) => m.type)).toEqual([
      'ItemAdded',
      'ItemQuantityChanged',
      'OrderSubmitted',
    ]);
    expect(eventsPerMinute(given.db, '2025-12-31T00:00:00.000Z')).toHaveLength(4);
    expect(eventsPerMinute(given.db, '2026-01-01T00:03:00.001Z')).toEqual([]);
  });
});
