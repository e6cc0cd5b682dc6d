// The folded order state the projections share: folded once per batch, saved with its schema version.
import { afterEach, describe, expect, it } from 'vitest';
import { fold, ORDER_STATE_SCHEMA_VERSION } from '../../../orders/order';
import { created, itemAdded, ORDER_ID, stored, submitted } from '../../../orders/testing';
import { type GivenModel as Given, givenEvents } from '../testing';
import { hasStaleOrderState, orderStateFolder } from './fold';
import { orderState } from './tables';

let given: Given | undefined;
afterEach(() => given?.close());

describe('the folded order state', () => {
  it('is the aggregate’s own fold of the events, saved with the code’s schema version', () => {
    const history = [created(), itemAdded('mug', 1), submitted];
    given = givenEvents(history);
    const [row] = given.db.select().from(orderState).all();
    expect(row).toMatchObject({ orderId: ORDER_ID, schemaVersion: ORDER_STATE_SCHEMA_VERSION });
    const expected = fold(stored(history, Date.UTC(2026, 0, 1)));
    expect(JSON.parse(row!.state)).toEqual(expected);
    expect(hasStaleOrderState(given.db)).toBe(false);
  });

  it('folded by code of another schema version is found stale, and never fed to evolve', () => {
    given = givenEvents([created()]);
    given.db
      .update(orderState)
      .set({ schemaVersion: ORDER_STATE_SCHEMA_VERSION + 1 })
      .run();
    expect(hasStaleOrderState(given.db)).toBe(true);
    const next = { ...given.recorded[0]!, eventId: 'event-2', version: 2, position: 2, type: 'OrderSubmitted' };
    expect(() => orderStateFolder(given!.db).fold([{ ...next, data: { orderId: ORDER_ID } }])).toThrow(
      /schema version/,
    );
  });
});
