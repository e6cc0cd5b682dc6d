// The command handler against both real event stores and a real catalog table.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregateStream } from '../eventstore/aggregate-stream';
import { openRedisStoreForTest, openSqliteStoreForTest, type TestStore } from '../eventstore/testing';
import type { EventStore } from '../eventstore/types';
import type { OrderCommand as Command } from '../orders/commands';
import { orderStream } from '../orders/events';
import { fold, orderStreamFolder } from '../orders/order';
import { ann, bob, catalog, staff, tutorialEvents } from '../orders/testing';
import { upcast } from '../orders/upcast';
import { loadOrderAt as loadAt } from '../read/history';
import { CONFLICT_RETRIES, type CommandMeta, type CommandResult } from './handler';
import { handleOrderCommand, type OrderWriteDeps, type ProductLookup } from './order-commands';
import { handleProductCommand } from './product-commands';
import { listedCatalog } from './testing';

const loadOrder = (store: EventStore, orderId: string, { useSnapshots = true } = {}) =>
  aggregateStream(store, orderStream(orderId), orderStreamFolder, { useSnapshots });

for (const [name, open] of [
  ['redis', openRedisStoreForTest],
  ['sqlite', openSqliteStoreForTest],
] as [string, () => Promise<TestStore<EventStore>>][]) {
  describe(`handling order commands (${name} event store)`, () => {
    let t: TestStore<EventStore>;
    let store: EventStore;
    let deps: OrderWriteDeps;
    let products: ProductLookup;
    /** The log's head once the catalog is listed: what commands write comes after it. */
    let base: number;
    let orderId: string;

    beforeEach(async () => {
      t = await open();
      store = t.store;
      products = await listedCatalog(store, catalog);
      deps = { store, products, snapshotEvery: 0 };
      base = await store.headPosition();
      orderId = randomUUID();
    });
    afterEach(async () => {
      await t.destroy();
    });

    const send = (command: Command, extra: Partial<CommandMeta> = {}) =>
      handleOrderCommand(deps, command, { commandId: randomUUID(), actor: ann, ...extra });
    const createOrder = (items = [{ productId: 'espresso', quantity: 2 }]) =>
      send({ type: 'CreateOrder', data: { orderId, items } });
    const addItem = (productId: string, quantity: number) => ({
      type: 'AddItem' as const,
      data: { orderId, productId, quantity },
    });
    const ok = (r: CommandResult) => {
      if (!r.ok) throw new Error(`expected success, got ${r.kind} ${r.code}: ${r.message}`);
      return r;
    };

    it('creates, changes and submits an order, one event and one version per command', async () => {
      expect(ok(await createOrder())).toMatchObject({ streamId: `order-${orderId}`, version: 1 });
      expect(ok(await send(addItem('mug', 1))).version).toBe(2);
      expect(ok(await send({ type: 'ChangeQuantity', data: { orderId, productId: 'mug', quantity: 3 } })).version).toBe(
        3,
      );
      expect(ok(await send({ type: 'RemoveItem', data: { orderId, productId: 'espresso' } })).version).toBe(4);
      const submitted = ok(await send({ type: 'SubmitOrder', data: { orderId } }));
      expect(submitted.version).toBe(5);
      expect(submitted.position).toBe(await store.headPosition());
      const { state, version } = await loadOrder(store, orderId);
      expect(version).toBe(5);
      expect(state).toMatchObject({
        status: 'submitted',
        customerId: 'ann',
        totalCents: 5400,
        lines: [{ productId: 'mug', quantity: 3 }],
      });
      expect((await store.readStream(orderStream(orderId))).map((e) => e.type)).toEqual([
        'OrderCreated',
        'ItemAdded',
        'ItemQuantityChanged',
        'ItemRemoved',
        'OrderSubmitted',
      ]);
    });

    it("reads the unit price from the product's own stream at that moment, and keeps it on the line", async () => {
      const reprice = async (productId: string, priceCents: number) =>
        ok(
          await handleProductCommand(
            { store },
            { type: 'UpdateProduct', data: { productId, priceCents } },
            { commandId: randomUUID(), actor: staff },
          ),
        );
      await createOrder();
      await reprice('espresso', 1500);
      await send(addItem('espresso', 1)); // same line: keeps 1200
      await reprice('filter', 420);
      await send(addItem('filter', 1)); // a new line: the price just set
      await reprice('filter', 9999);
      const { state } = await loadOrder(store, orderId);
      expect(state.status === 'draft' && state.lines).toEqual([
        { productId: 'espresso', name: 'Espresso beans', quantity: 3, unitPriceCents: 1200 },
        { productId: 'filter', name: 'Filter papers', quantity: 1, unitPriceCents: 420 },
      ]);
    });

    describe('refusals, each with its code and nothing written', () => {
      it('broken rules are of kind `rule`, with the rule as code and its message', async () => {
        expect(await createOrder([])).toMatchObject({ ok: false, kind: 'rule', code: 'NoLines' });
        expect(await createOrder([{ productId: 'caviar', quantity: 1 }])).toMatchObject({
          kind: 'rule',
          code: 'UnknownProduct',
        });
        expect(await createOrder([{ productId: 'espresso', quantity: 1000 }])).toMatchObject({
          kind: 'rule',
          code: 'QuantityOutOfRange',
          message: expect.stringContaining('999'),
        });
        await createOrder();
        expect(await send(addItem('espresso', 998))).toMatchObject({ kind: 'rule', code: 'QuantityOutOfRange' });
        expect(await send(addItem('grinder', 1))).toMatchObject({ kind: 'rule', code: 'InactiveProduct' });
        expect(await store.headPosition()).toBe(base + 1);
      });

      it('a product id that cannot name a product is an unknown product, never a store error', async () => {
        await createOrder();
        for (const productId of ['a\u0000b', 'chai\n', 'x'.repeat(200), 'Mug', '\ud83d']) {
          expect(await send(addItem(productId, 1))).toMatchObject({ ok: false, kind: 'rule', code: 'UnknownProduct' });
          expect(
            await send({ type: 'CreateOrder', data: { orderId: randomUUID(), items: [{ productId, quantity: 1 }] } }),
          ).toMatchObject({ ok: false, kind: 'rule', code: 'UnknownProduct' });
        }
        expect(await store.headPosition()).toBe(base + 1);
      });

      it('a stream id the store refuses is answered as a refusal (422), not thrown', async () => {
        const r = await send({ type: 'CreateOrder', data: { orderId: 'bad\u0000id', items: [] } });
        expect(r).toMatchObject({ ok: false, kind: 'rule', code: 'InvalidArgument' });
        expect(await store.headPosition()).toBe(base);
      });

      it("a command on a missing order is `not_found`; on somebody else's, `forbidden`", async () => {
        expect(await send(addItem('mug', 1))).toMatchObject({ ok: false, kind: 'not_found', code: 'OrderNotFound' });
        await createOrder();
        expect(await send(addItem('mug', 1), { actor: bob })).toMatchObject({ ok: false, kind: 'forbidden' });
        // Pinned to a wrong version, somebody else still learns nothing: not found, not a conflict with the version.
        expect(await send(addItem('mug', 1), { actor: bob, expectedVersion: 7 })).toEqual({
          ok: false,
          kind: 'forbidden',
          code: 'OrderForbidden',
          message: `order ${orderId} does not exist`,
        });
        expect(await send(addItem('mug', 1), { expectedVersion: 7 })).toMatchObject({
          kind: 'conflict',
          currentVersion: 1,
        });
        expect(
          await send({ type: 'SubmitOrder', data: { orderId: randomUUID() } }, { expectedVersion: 3 }),
        ).toMatchObject({
          kind: 'not_found',
        });
        expect(ok(await send(addItem('mug', 1), { actor: staff })).version).toBe(2);
      });
    });

    describe('concurrency', () => {
      /** A catalog lookup that lets another writer change the order between load and append, `times` times. */
      const interfering = (times: number) => {
        let left = times;
        deps.products = async (ids) => {
          if (left-- > 0)
            await store.append(
              orderStream(orderId),
              [
                {
                  type: 'ItemAdded',
                  data: { orderId, productId: 'filter', name: 'Filter papers', quantity: 1, unitPriceCents: 350 },
                  metadata: { schemaVersion: 1 },
                },
              ],
              { expectedVersion: 'any' },
            );
          return products(ids);
        };
      };

      it('reloads and decides again after a conflict when no version was pinned', async () => {
        await createOrder();
        interfering(2);
        const r = ok(await send(addItem('mug', 1)));
        expect(r.version).toBe(4); // created, two interferences, then ours
        const { state } = await loadOrder(store, orderId);
        expect(state.status === 'draft' && state.lines.map((l) => `${l.productId}×${l.quantity}`)).toEqual([
          'espresso×2',
          'filter×2',
          'mug×1',
        ]);
      });

      it(`gives up with \`conflict\` after ${CONFLICT_RETRIES} retries`, async () => {
        await createOrder();
        interfering(CONFLICT_RETRIES + 5);
        const r = await send(addItem('mug', 1));
        // Every attempt (the first and each retry) met one interfering append after version 1.
        const currentVersion = 1 + CONFLICT_RETRIES + 1;
        expect(r).toMatchObject({ ok: false, kind: 'conflict', code: 'WrongExpectedVersion', currentVersion });
        expect(
          (await store.readStream(orderStream(orderId))).some(
            (e) => e.data && (e.data as { productId?: string }).productId === 'mug',
          ),
        ).toBe(false);
      });

      it('answers `conflict` with the current version when the pinned version is stale, before or during the append', async () => {
        await createOrder();
        await send(addItem('mug', 1));
        expect(await send(addItem('filter', 1), { expectedVersion: 1 })).toMatchObject({
          ok: false,
          kind: 'conflict',
          currentVersion: 2,
        });
        interfering(1);
        expect(await send(addItem('filter', 1), { expectedVersion: 2 })).toMatchObject({
          ok: false,
          kind: 'conflict',
          currentVersion: 3,
        });
        expect(await store.streamVersion(orderStream(orderId))).toBe(3);
      });
    });

    describe('the same commandId', () => {
      it('handled twice in a row writes once and returns the first result', async () => {
        await createOrder();
        const meta = { commandId: 'cmd-1', actor: ann };
        const first = ok(await handleOrderCommand(deps, addItem('mug', 2), meta));
        await send(addItem('filter', 1)); // the order moves on
        expect(await handleOrderCommand(deps, addItem('mug', 2), meta)).toEqual(first);
        const { state } = await loadOrder(store, orderId);
        expect(state.status === 'draft' && state.lines.find((l) => l.productId === 'mug')?.quantity).toBe(2);
        expect(await store.headPosition()).toBe(base + 3);
      });

      it('handled 8 times at once writes once, and all get the same result', async () => {
        await createOrder();
        const meta = { commandId: 'cmd-2', actor: ann };
        const results = await Promise.all(
          Array.from({ length: 8 }, () => handleOrderCommand(deps, addItem('mug', 2), meta)),
        );
        expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
        expect(ok(results[0]!).version).toBe(2);
        expect(await store.headPosition()).toBe(base + 2);
      });

      it('pinned to a version and sent 8 times at once, writes once and all get the first result', async () => {
        await createOrder();
        const meta = { commandId: 'cmd-pinned', actor: ann, expectedVersion: 1 };
        const results = await Promise.all(
          Array.from({ length: 8 }, () => handleOrderCommand(deps, addItem('mug', 2), meta)),
        );
        expect(results.map((r) => JSON.stringify(r))).toEqual(Array(8).fill(JSON.stringify(results[0])));
        expect(ok(results[0]!).version).toBe(2);
        expect(await store.headPosition()).toBe(base + 2);
      });

      it('sent at once with different commands, writes one of them and refuses the others', async () => {
        await createOrder();
        // Every command loads the order and decides before any appends (a barrier in the catalog lookup), so all
        // append the same event ids at the same expected version: the store takes the first and sees the others as
        // retries of it.
        const senders = ['mug', 'filter', 'espresso'];
        let arrived = 0;
        let release = () => {};
        const allDecided = new Promise<void>((resolve) => {
          release = resolve;
        });
        deps.products = async (ids) => {
          if (++arrived === senders.length) release();
          await allDecided;
          return products(ids);
        };
        const results = await Promise.all(
          senders.map((p) => handleOrderCommand(deps, addItem(p, 1), { commandId: 'cmd-race', actor: ann })),
        );
        const written = results.filter((r) => r.ok);
        expect(written).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.code === 'CommandIdReused')).toHaveLength(senders.length - 1);
        const { state } = await loadOrder(store, orderId);
        const added = senders[results.findIndex((r) => r.ok)];
        expect(state.status === 'draft' && state.lines.map((l) => l.productId)).toEqual(
          added === 'espresso' ? ['espresso'] : ['espresso', added],
        );
        expect(await store.headPosition()).toBe(base + 2);
      });

      it('written by another sender while this one loads: the first result for the same command, else refused', async () => {
        // The first look-up of the command id finds nothing; before this sender loads the order, another sender's
        // command with the same id is written, so the rules see an order that exists already.
        const meta = { commandId: 'cmd-create', actor: ann };
        const create = (productId: string) => ({
          type: 'CreateOrder' as const,
          data: { orderId, items: [{ productId, quantity: 1 }] },
        });
        const meanwhile = (other: () => Promise<unknown>): OrderWriteDeps => {
          let first = true;
          const racing = Object.create(store) as EventStore;
          racing.readEvent = async (id) => {
            const found = await store.readEvent(id);
            if (first) {
              first = false;
              await other();
            }
            return found;
          };
          return { ...deps, store: racing };
        };
        const written = ok(
          await handleOrderCommand(
            meanwhile(() => handleOrderCommand(deps, create('mug'), meta)),
            create('mug'),
            meta,
          ),
        );
        expect(written.version).toBe(1);
        const other = randomUUID();
        const createOther = (productId: string) => ({
          type: 'CreateOrder' as const,
          data: { orderId: other, items: [{ productId, quantity: 1 }] },
        });
        const meta2 = { commandId: 'cmd-create-2', actor: ann };
        expect(
          await handleOrderCommand(
            meanwhile(() => handleOrderCommand(deps, createOther('mug'), meta2)),
            createOther('filter'),
            meta2,
          ),
        ).toMatchObject({ ok: false, code: 'CommandIdReused' });
        const { state } = await loadOrder(store, other);
        expect(state.status === 'draft' && state.lines.map((l) => l.productId)).toEqual(['mug']);
        expect(await store.headPosition()).toBe(base + 2);
      });

      it('a change already so, sent at once with another command of the same id, is refused too', async () => {
        await createOrder(); // espresso × 2
        // Both look up the id (nothing yet); the other command is written before this one decides it has nothing to
        // write (the quantity is already 2).
        const meta = { commandId: 'cmd-noop', actor: ann };
        const change = { type: 'ChangeQuantity' as const, data: { orderId, productId: 'espresso', quantity: 2 } };
        const racing = Object.create(store) as EventStore;
        let first = true;
        racing.readEvent = async (id) => {
          const found = await store.readEvent(id);
          if (first) {
            first = false;
            ok(await handleOrderCommand(deps, addItem('mug', 1), meta));
          }
          return found;
        };
        expect(await handleOrderCommand({ ...deps, store: racing }, change, meta)).toMatchObject({
          ok: false,
          code: 'CommandIdReused',
        });
        // And the same answer when it is sent again.
        expect(await handleOrderCommand(deps, change, meta)).toMatchObject({ ok: false, code: 'CommandIdReused' });
      });

      it('is refused for a different command, and is separate for another actor', async () => {
        await createOrder();
        await handleOrderCommand(deps, addItem('mug', 2), { commandId: 'cmd-3', actor: ann });
        expect(await handleOrderCommand(deps, addItem('mug', 3), { commandId: 'cmd-3', actor: ann })).toMatchObject({
          ok: false,
          kind: 'rule',
          code: 'CommandIdReused',
        });
        expect(
          ok(await handleOrderCommand(deps, addItem('mug', 3), { commandId: 'cmd-3', actor: staff })).version,
        ).toBe(3);
      });
    });

    it('records actor, commandId, correlationId, causationId and extra metadata on every event', async () => {
      await send(
        { type: 'CreateOrder', data: { orderId, items: [{ productId: 'mug', quantity: 1 }] } },
        { commandId: 'c-1', correlationId: 'corr-9', causationId: 'cause-7', metadata: { requestId: 'req-5' } },
      );
      await send({ type: 'SubmitOrder', data: { orderId } }, { commandId: 'c-2', actor: staff });
      const [a, b] = await store.readStream(orderStream(orderId));
      expect(a!.metadata).toMatchObject({
        actor: 'ann',
        actorRole: 'customer',
        commandId: 'c-1',
        commandType: 'CreateOrder',
        correlationId: 'corr-9',
        causationId: 'cause-7',
        requestId: 'req-5',
        schemaVersion: 1,
      });
      expect(b!.metadata).toMatchObject({ actor: 'sam', actorRole: 'staff', commandId: 'c-2', causationId: 'c-2' });
      expect(b!.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('writes exactly one new event when an order with history gets one more item', async () => {
      await createOrder();
      for (let i = 0; i < 5; i++) await send(addItem('mug', 1));
      const before = await store.readAll({ limit: 10_000 });
      await send(addItem('filter', 1));
      const after = await store.readAll({ limit: 10_000 });
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.slice(before.length).map((e) => e.type)).toEqual(['ItemAdded']);
    });

    describe('snapshots', () => {
      it('are taken every N events and loading from them equals folding every event', async () => {
        deps.snapshotEvery = 5;
        await createOrder();
        for (let i = 0; i < 11; i++) await send(addItem(i % 2 ? 'mug' : 'filter', 1));
        const snap = await store.loadSnapshot(orderStream(orderId));
        expect(snap?.version).toBe(10);
        const fast = await loadOrder(store, orderId);
        expect(fast.snapshotVersion).toBe(10);
        const full = await loadOrder(store, orderId, { useSnapshots: false });
        expect(full.snapshotVersion).toBe(0);
        expect(fast.state).toEqual(full.state);
        expect(fast.version).toBe(12);
      });

      it('are ignored when written for another state shape', async () => {
        await createOrder();
        await store.saveSnapshot({
          streamId: orderStream(orderId),
          version: 1,
          schemaVersion: 999,
          state: { garbage: true },
          at: (await store.readStream(orderStream(orderId)))[0]!.recordedAt,
        });
        const loaded = await loadOrder(store, orderId);
        expect(loaded.snapshotVersion).toBe(0);
        expect(loaded.state).toMatchObject({ status: 'draft', totalCents: 2400 });
      });
    });

    it('loads the order as it was at a version and at a moment', async () => {
      await createOrder();
      await send(addItem('mug', 1));
      await send({ type: 'SubmitOrder', data: { orderId } });
      const events = await store.readStream(orderStream(orderId));
      const v2 = await loadAt(store, orderId, { version: 2 });
      expect(v2.state).toMatchObject({ status: 'draft', version: 2, totalCents: 4200 });
      const atSecond = await loadAt(store, orderId, { at: new Date(events[1]!.recordedAt) });
      expect(atSecond.version).toBeGreaterThanOrEqual(2); // events 2 and 3 may share a millisecond
      expect((await loadAt(store, orderId, { at: new Date(Date.parse(events[0]!.recordedAt) - 1) })).state.status).toBe(
        'none',
      );
      expect((await loadAt(store, orderId, { at: new Date(Date.now() + 60_000) })).state).toEqual(
        (await loadOrder(store, orderId)).state,
      );
    });

    it("loads, decides on and extends an order stored in the tutorial's original shape", async () => {
      const legacy = tutorialEvents(orderId);
      await store.append(
        orderStream(orderId),
        legacy.slice(0, 2).map(({ type, data }) => ({ type, data })),
        { expectedVersion: 0 },
      );
      const before = await loadOrder(store, orderId);
      expect(before.state).toMatchObject({ status: 'draft', customerId: 'ann', totalCents: 3 * 1999 + 3 * 115 + 435 });
      expect(ok(await send(addItem('mug', 1))).version).toBe(3); // merges into the old 'mug' line at its old price
      expect(ok(await send({ type: 'SubmitOrder', data: { orderId } })).version).toBe(4);
      const after = await loadOrder(store, orderId);
      expect(after.state).toMatchObject({ status: 'submitted', totalCents: 3 * 1999 + 3 * 115 + 2 * 435 });
      const all = (await store.readStream(orderStream(orderId))).map(upcast);
      expect(fold(all)).toEqual(after.state);
    });
  });
}
