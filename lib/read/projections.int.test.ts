// Projections, event type by event type: given events in a real store, when the projector has caught up, then rows.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb, openAppDb } from '../../db/client';
import { openSqliteStoreForTest, type TestStore } from '../eventstore/testing';
import type { EventStore } from '../eventstore/types';
import type { OrderCommand } from '../orders/commands';
import { orderStream } from '../orders/events';
import { ann, bob, catalog, staff, tutorialEvents } from '../orders/testing';
import { handleOrderCommand, type ProductLookup } from '../write/order-commands';
import { listedCatalog } from '../write/testing';
import { LocalNotifier, type OrderChange } from './notifier';
import { orderActivityRows } from './projections/activity/queries';
import { customerStats, getOrder, listOrders, waitForVersion } from './projections/orders/queries';
import type { Projector } from './projector';
import { settled, startProjector } from './testing';

let t: TestStore<EventStore>;
let store: EventStore;
let db: AppDb;
let projector: Projector;
let notifier: LocalNotifier;
let products: ProductLookup;
const announced: OrderChange[] = [];

beforeEach(async () => {
  t = await openSqliteStoreForTest();
  store = t.store;
  db = openAppDb(':memory:');
  products = await listedCatalog(store, catalog);
  notifier = new LocalNotifier();
  announced.length = 0;
  notifier.onChanges((c) => announced.push(...c));
  projector = startProjector(db, store, { notifier });
});
afterEach(async () => {
  await projector.stop();
  db.$client.close();
  await t.destroy();
});

const deps = () => ({ store, products, snapshotEvery: 0 });
async function send(command: OrderCommand, actor = ann) {
  const r = await handleOrderCommand(deps(), command, { commandId: randomUUID(), actor });
  if (!r.ok) throw new Error(r.message);
  return r;
}
const order = () => {
  const orderId = randomUUID();
  return {
    orderId,
    create: (items = [{ productId: 'espresso', quantity: 2 }], actor = ann) =>
      send({ type: 'CreateOrder', data: { orderId, items } }, actor),
    add: (productId: string, quantity: number) => send({ type: 'AddItem', data: { orderId, productId, quantity } }),
    change: (productId: string, quantity: number) =>
      send({ type: 'ChangeQuantity', data: { orderId, productId, quantity } }),
    remove: (productId: string) => send({ type: 'RemoveItem', data: { orderId, productId } }),
    submit: () => send({ type: 'SubmitOrder', data: { orderId } }),
    cancel: (reason = '') => send({ type: 'CancelOrder', data: { orderId, reason } }),
  };
};
const view = (orderId: string) => getOrder(db, orderId, staff)!;
// The timeline oldest first (the read model pages it newest first).
const activity = (orderId: string) =>
  orderActivityRows(db, orderId)
    .reverse()
    .map((a) => `${a.version} ${a.type}: ${a.summary}`);

describe('OrderCreated', () => {
  it("adds a draft summary, its lines, an activity row and the customer's count", async () => {
    const o = order();
    await o.create([
      { productId: 'espresso', quantity: 2 },
      { productId: 'mug', quantity: 1 },
    ]);
    await settled(db, store);
    const { summary, items } = view(o.orderId);
    const [event] = await store.readStream(orderStream(o.orderId));
    expect(summary).toEqual({
      id: o.orderId,
      // The order's number is its first event's global position.
      number: event!.position,
      customerId: 'ann',
      customerName: 'ann',
      status: 'draft',
      totalCents: 4200,
      itemCount: 2,
      version: 1,
      createdAt: event!.recordedAt,
      updatedAt: event!.recordedAt,
      submittedAt: null,
      cancelledAt: null,
      cancelReason: null,
    });
    expect(items).toEqual([
      { productId: 'espresso', name: 'Espresso beans', quantity: 2, unitPriceCents: 1200 },
      { productId: 'mug', name: 'Stoneware mug', quantity: 1, unitPriceCents: 1800 },
    ]);
    expect(activity(o.orderId)).toEqual([
      '1 OrderCreated: Created with 2 × Espresso beans, 1 × Stoneware mug; total $42.00',
    ]);
    expect(orderActivityRows(db, o.orderId)[0]).toMatchObject({
      actor: 'ann',
      position: event!.position,
      eventId: event!.eventId,
    });
    expect(customerStats(db, 'ann')).toMatchObject({
      ordersCount: 1,
      submittedCount: 0,
      cancelledCount: 0,
      lifetimeValueCents: 0,
      lastOrderAt: event!.recordedAt,
    });
    expect(announced).toContainEqual({
      orderId: o.orderId,
      customerId: 'ann',
      version: 1,
      status: 'draft',
      customerSeq: 1,
      position: event!.position,
    });
  });
});

describe('ItemAdded, ItemQuantityChanged, ItemRemoved', () => {
  it('keep lines, totals, item count, version and the timeline', async () => {
    const o = order();
    await o.create();
    await o.add('mug', 1);
    await o.add('espresso', 3); // merges
    await o.change('mug', 4);
    await o.remove('espresso');
    await settled(db, store);
    const { summary, items } = view(o.orderId);
    expect(summary).toMatchObject({ totalCents: 7200, itemCount: 1, version: 5, status: 'draft' });
    expect(items).toEqual([{ productId: 'mug', name: 'Stoneware mug', quantity: 4, unitPriceCents: 1800 }]);
    expect(activity(o.orderId)).toEqual([
      '1 OrderCreated: Created with 2 × Espresso beans; total $24.00',
      '2 ItemAdded: +1 × Stoneware mug at $18.00',
      '3 ItemAdded: +3 × Espresso beans at $12.00 (now 5)',
      '4 ItemQuantityChanged: Stoneware mug: 1 → 4',
      '5 ItemRemoved: Removed 5 × Espresso beans',
    ]);
    const events = await store.readStream(orderStream(o.orderId));
    expect(summary.updatedAt).toBe(events.at(-1)!.recordedAt);
  });
});

describe('OrderSubmitted and OrderCancelled', () => {
  it("move the status and the customer's figures", async () => {
    const a = order();
    await a.create([{ productId: 'mug', quantity: 2 }]);
    await a.submit();
    const b = order();
    await b.create([{ productId: 'espresso', quantity: 1 }]);
    await b.submit();
    await b.cancel('found it cheaper');
    const c = order();
    await c.create();
    await c.cancel();
    await settled(db, store);
    expect(view(a.orderId).summary).toMatchObject({ status: 'submitted', cancelledAt: null });
    expect(view(a.orderId).summary.submittedAt).toMatch(/Z$/);
    expect(view(b.orderId).summary).toMatchObject({ status: 'cancelled', cancelReason: 'found it cheaper' });
    expect(view(b.orderId).summary.submittedAt).not.toBeNull();
    expect(view(c.orderId).summary).toMatchObject({ status: 'cancelled', submittedAt: null, cancelReason: '' });
    expect(customerStats(db, 'ann')).toMatchObject({
      ordersCount: 3,
      submittedCount: 1,
      cancelledCount: 2,
      lifetimeValueCents: 3600,
    });
    expect(activity(b.orderId).slice(1)).toEqual([
      '2 OrderSubmitted: Submitted; total $12.00',
      '3 OrderCancelled: Cancelled: found it cheaper',
    ]);
  });
});

describe("events in the tutorial's original shape", () => {
  it('project exactly like the same history in current events', async () => {
    const legacyId = randomUUID();
    await store.append(
      orderStream(legacyId),
      tutorialEvents(legacyId).map(({ type, data }) => ({ type, data })),
      { expectedVersion: 0 },
    );
    const currentId = randomUUID();
    const lines = [
      { productId: 'espresso', name: 'espresso', quantity: 3, unitPriceCents: 1999 },
      { productId: 'filter', name: 'filter', quantity: 3, unitPriceCents: 115 },
    ];
    await store.append(
      orderStream(currentId),
      [
        {
          type: 'OrderCreated',
          data: { orderId: currentId, customerId: 'ann', lines },
          metadata: { schemaVersion: 1 },
        },
        {
          type: 'ItemAdded',
          data: { orderId: currentId, productId: 'mug', name: 'mug', quantity: 1, unitPriceCents: 435 },
          metadata: { schemaVersion: 1 },
        },
        { type: 'OrderSubmitted', data: { orderId: currentId }, metadata: { schemaVersion: 1 } },
      ],
      { expectedVersion: 0 },
    );
    await settled(db, store);
    const strip = (v: ReturnType<typeof view>) => ({
      ...v,
      summary: { ...v.summary, id: '', number: 0, createdAt: '', updatedAt: '', submittedAt: '' },
    });
    expect(strip(view(legacyId))).toEqual(strip(view(currentId)));
    expect(view(legacyId).summary.totalCents).toBe(6777);
    expect(activity(legacyId).map((a) => a.replace(/^\d /, ''))).toEqual(
      activity(currentId).map((a) => a.replace(/^\d /, '')),
    );
  });
});

describe('queries', () => {
  it('show an order to its owner and staff only', async () => {
    const o = order();
    await o.create();
    await settled(db, store);
    expect(getOrder(db, o.orderId, ann)?.summary.id).toBe(o.orderId);
    expect(getOrder(db, o.orderId, staff)?.summary.id).toBe(o.orderId);
    expect(getOrder(db, o.orderId, bob)).toBeNull();
    expect(getOrder(db, randomUUID(), ann)).toBeNull();
  });

  it('list orders newest first, by status, a page at a time', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const o = order();
      await o.create();
      if (i % 3 === 0) await o.submit();
      made.push(o.orderId);
      await new Promise((r) => setTimeout(r, 2)); // distinct creation times
    }
    const theirs = order();
    await theirs.create(undefined, bob);
    await settled(db, store);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = listOrders(db, ann, { limit: 3, cursor });
      pages.push(page.orders.map((o) => o.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...made].reverse());
    expect(listOrders(db, ann, { status: 'submitted' }).orders.map((o) => o.id)).toEqual([made[6], made[3], made[0]]);
    expect(listOrders(db, staff).orders).toHaveLength(8);
    expect(listOrders(db, staff, { customerId: 'bob' }).orders.map((o) => o.id)).toEqual([theirs.orderId]);
    expect(() => listOrders(db, ann, { cursor: 'garbage' })).toThrow('cursor');
    expect(() => listOrders(db, ann, { limit: 0 })).toThrow(RangeError);
  });

  it('wait for a version to be projected (read-your-writes), or time out', async () => {
    const o = order();
    const r = await o.create();
    expect(await waitForVersion(db, notifier, o.orderId, r.version, 5000)).toBe(true);
    expect(await waitForVersion(db, notifier, o.orderId, r.version + 1, 150)).toBe(false);
  });
});
