// Property: whatever valid commands an order went through, the state loaded through snapshots equals the state
// folded from every event, at every version; and loading by version and by time agree.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateStream } from '../eventstore/aggregate-stream';
import { openRedisStoreForTest, openSqliteStoreForTest, type TestStore } from '../eventstore/testing';
import type { EventStore } from '../eventstore/types';
import type { OrderCommand as Command } from '../orders/commands';
import { orderStream } from '../orders/events';
import { fold, orderStreamFolder } from '../orders/order';
import { ann, catalog } from '../orders/testing';
import { upcast } from '../orders/upcast';
import { loadOrderAt as loadAt } from '../read/history';
import { handleOrderCommand } from './order-commands';
import { listedCatalog } from './testing';

const loadOrder = (store: EventStore, orderId: string) =>
  aggregateStream(store, orderStream(orderId), orderStreamFolder);
const sold = catalog.filter((p) => p.active).map((p) => p.id);

const step = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      product: fc.constantFrom(...sold),
      quantity: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('change' as const),
      product: fc.constantFrom(...sold),
      quantity: fc.integer({ min: 1, max: 999 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), product: fc.constantFrom(...sold) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('submit' as const, 'cancel' as const) }) },
);

type Step = { kind: 'add' | 'change' | 'remove' | 'submit' | 'cancel'; product?: string; quantity?: number };

const toCommand = (orderId: string, s: Step): Command => {
  switch (s.kind) {
    case 'add':
      return { type: 'AddItem', data: { orderId, productId: s.product!, quantity: s.quantity! } };
    case 'change':
      return { type: 'ChangeQuantity', data: { orderId, productId: s.product!, quantity: s.quantity! } };
    case 'remove':
      return { type: 'RemoveItem', data: { orderId, productId: s.product! } };
    case 'submit':
      return { type: 'SubmitOrder', data: { orderId } };
    default:
      return { type: 'CancelOrder', data: { orderId, reason: 'property' } };
  }
};

for (const [name, open, runs] of [
  ['sqlite', openSqliteStoreForTest, 40],
  ['redis', openRedisStoreForTest, 20],
] as [string, () => Promise<TestStore<EventStore>>, number][]) {
  describe(`loading orders (${name} event store)`, () => {
    it('through snapshots equals folding every event, at every version, by version and by time', async () => {
      const { store, destroy } = await open();
      const products = await listedCatalog(store, catalog);
      let fromSnapshots = 0;
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.array(step, { minLength: 1, maxLength: 40 }),
            fc.integer({ min: 2, max: 7 }),
            async (steps, every) => {
              const orderId = randomUUID();
              const deps = { store, products, snapshotEvery: every };
              const send = (command: Command) =>
                handleOrderCommand(deps, command, { commandId: randomUUID(), actor: ann });
              await send({ type: 'CreateOrder', data: { orderId, items: [{ productId: sold[0]!, quantity: 1 }] } });
              for (const s of steps) await send(toCommand(orderId, s)); // refused commands are part of the game

              const events = (await store.readStream(orderStream(orderId), { limit: 10_000 })).map(upcast);
              const latest = await loadOrder(store, orderId);
              expect(latest.state).toEqual(fold(events));
              expect(latest.version).toBe(events.length);
              if (latest.snapshotVersion > 0) fromSnapshots++;
              for (let v = 1; v <= events.length; v++) {
                const expected = fold(events.slice(0, v));
                expect((await loadAt(store, orderId, { version: v })).state).toEqual(expected);
                const at = new Date(events[v - 1]!.recordedAt);
                const byTime = fold(events.filter((e) => Date.parse(e.recordedAt) <= at.getTime()));
                expect((await loadAt(store, orderId, { at })).state).toEqual(byTime);
              }
            },
          ),
          { numRuns: runs },
        );
        expect(fromSnapshots, 'some runs must have loaded through a snapshot').toBeGreaterThan(0);
      } finally {
        await destroy();
      }
    });
  });
}
