// The reservations process manager against a real store (Redis and the embedded SQLite file): orders submitted are
// confirmed or rejected all or nothing, a cancel releases, handling the log again sends nothing new, and one
// instance holds the lease while another waits.
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregateStream } from '../eventstore/aggregate-stream';
import { isRedisStore } from '../eventstore/redis';
import { openRedisStoreForTest, openSqliteStoreForTest, type TestStore } from '../eventstore/testing';
import type { EventStore } from '../eventstore/types';
import { stockStream } from '../inventory/events';
import { available, stockStreamFolder } from '../inventory/stock';
import { orderStream } from '../orders/events';
import { initialOrder, orderStreamFolder } from '../orders/order';
import { ann, catalog, staff } from '../orders/testing';
import { silentLog } from '../read/testing';
import { handleOrderCommand, type OrderWriteDeps } from '../write/order-commands';
import { handleStockCommand } from '../write/stock-commands';
import { listedCatalog } from '../write/testing';
import { ReservationsProcess } from './runner';
import { type ProcessState, RedisProcessState, SqliteProcessState } from './state';

for (const [name, open] of [
  ['redis', openRedisStoreForTest],
  ['sqlite', openSqliteStoreForTest],
] as [string, () => Promise<TestStore<EventStore>>][]) {
  describe(`the reservations process (${name} store)`, () => {
    let t: TestStore<EventStore>;
    let state: ProcessState;
    let orders: OrderWriteDeps;
    let sqlite: Database.Database | undefined;
    const running: ReservationsProcess[] = [];
    const startProcess = (owner: string) => {
      const p = new ReservationsProcess({
        store: t.store,
        state,
        log: silentLog,
        orders,
        stock: { store: t.store },
        owner,
        leaseTtlMs: 600,
      });
      running.push(p);
      p.start();
      return p;
    };

    beforeEach(async () => {
      t = await open();
      const store = t.store;
      if (isRedisStore(store)) state = new RedisProcessState(store.client, store.namespace);
      else {
        // In production the state shares the events' file; here a database of its own does as well.
        sqlite = new Database(':memory:');
        state = new SqliteProcessState(sqlite);
      }
      orders = { store, products: await listedCatalog(store, catalog) };
      // As the app does when it opens: the process exists from here on (what comes before was written without it).
      await state.firstRun('reservations', await store.headPosition());
      for (const [productId, quantity] of [
        ['mug', 3],
        ['espresso', 1],
      ] as const) {
        const r = await handleStockCommand(
          { store },
          { type: 'ReceiveStock', data: { productId, quantity } },
          { commandId: randomUUID(), actor: staff },
        );
        expect(r.ok).toBe(true);
      }
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((p) => p.stop()));
      sqlite?.close();
      await t.destroy();
    });

    const place = async (items: { productId: string; quantity: number }[]) => {
      const orderId = randomUUID();
      const send = (command: Parameters<typeof handleOrderCommand>[1]) =>
        handleOrderCommand(orders, command, { commandId: randomUUID(), actor: ann });
      expect((await send({ type: 'CreateOrder', data: { orderId, items } })).ok).toBe(true);
      expect((await send({ type: 'SubmitOrder', data: { orderId } })).ok).toBe(true);
      return orderId;
    };
    const order = async (orderId: string) =>
      (await aggregateStream(t.store, orderStream(orderId), orderStreamFolder)).state;
    const decided = async (orderId: string) => {
      let o: Awaited<ReturnType<typeof order>> = initialOrder;
      await eventually(async () => {
        o = await order(orderId);
        return o.status !== 'submitted';
      }, `order ${orderId} was not decided within 10 s`);
      return o;
    };
    const stockOf = async (productId: string) =>
      (await aggregateStream(t.store, stockStream(productId), stockStreamFolder)).state;
    /** Every event of the log handled again (a redelivery, a crash before the checkpoint): nothing new is written. */
    const expectHandledAgainWritesNothing = async () => {
      const head = await t.store.headPosition();
      const again = new ReservationsProcess({
        store: t.store,
        state,
        log: silentLog,
        orders,
        stock: { store: t.store },
      });
      for (const event of await t.store.readAll({ fromPosition: 1, limit: 10_000 })) await again.handle(event);
      expect(await t.store.headPosition()).toBe(head);
    };
    /** Waits (at most 10 s) until `done` says so; throws `what` when it never does. */
    const eventually = async (done: () => Promise<boolean>, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(what);
        await new Promise((r) => setTimeout(r, 20));
      }
    };

    it('confirms what can be held, rejects all or nothing, releases on cancel; handling the log again sends nothing', async () => {
      startProcess('one');
      const a = await place([
        { productId: 'mug', quantity: 2 },
        { productId: 'espresso', quantity: 1 },
      ]);
      expect((await decided(a)).status).toBe('confirmed');
      const b = await place([{ productId: 'mug', quantity: 2 }]);
      expect(await decided(b)).toMatchObject({
        status: 'rejected',
        unavailable: [{ productId: 'mug', name: 'Stoneware mug', requested: 2, available: 1 }],
      });
      // One line held, the other refused: the held one is released, and the order names only the refused one.
      const c = await place([
        { productId: 'mug', quantity: 1 },
        { productId: 'espresso', quantity: 1 },
      ]);
      expect(await decided(c)).toMatchObject({
        status: 'rejected',
        unavailable: [{ productId: 'espresso', available: 0 }],
      });
      expect(available(await stockOf('mug'))).toBe(1);
      expect(await stockOf('mug')).toMatchObject({
        reservations: { [a]: 2 },
        closed: { [b]: 'refused', [c]: 'released' },
      });

      // The owner cancels the confirmed order: its stock is free again.
      const cancel = await handleOrderCommand(
        orders,
        { type: 'CancelOrder', data: { orderId: a, reason: 'changed my mind' } },
        { commandId: randomUUID(), actor: ann },
      );
      expect(cancel.ok).toBe(true);
      await eventually(
        async () => available(await stockOf('mug')) === 3 && available(await stockOf('espresso')) === 1,
        'the cancelled order’s stock was not released',
      );

      // Handled again, every event of the log (a redelivery, a crash before the checkpoint): nothing new is written.
      await expectHandledAgainWritesNothing();

      // The stock events name the submit that caused them, and its correlation.
      const [reserved] = (await t.store.readStream(stockStream('espresso'))).filter((e) => e.type === 'StockReserved');
      const submittedA = (await t.store.readStream(orderStream(a))).find((e) => e.type === 'OrderSubmitted')!;
      expect(reserved!.metadata).toMatchObject({
        causationId: submittedA.eventId,
        correlationId: submittedA.metadata.correlationId,
        actor: 'process:reservations',
      });
    });

    it('commits what a shipped order held: on hand and held go down by its lines, once; a cancel after it is refused', async () => {
      startProcess('one');
      const a = await place([
        { productId: 'mug', quantity: 2 },
        { productId: 'espresso', quantity: 1 },
      ]);
      expect((await decided(a)).status).toBe('confirmed');
      expect(await stockOf('mug')).toMatchObject({ onHand: 3, reserved: 2 });
      const ship = await handleOrderCommand(
        orders,
        { type: 'ShipOrder', data: { orderId: a } },
        { commandId: randomUUID(), actor: staff },
      );
      expect(ship.ok).toBe(true);
      await eventually(
        async () =>
          (await stockOf('mug')).closed[a] === 'committed' && (await stockOf('espresso')).closed[a] === 'committed',
        'the shipped order’s stock was not committed',
      );
      expect(await stockOf('mug')).toMatchObject({ onHand: 1, reserved: 0, reservations: {} });
      expect(await stockOf('espresso')).toMatchObject({ onHand: 0, reserved: 0 });
      const commit = (await t.store.readStream(stockStream('mug'))).find((e) => e.type === 'ReservationCommitted')!;
      const shippedEvent = (await t.store.readStream(orderStream(a))).find((e) => e.type === 'OrderShipped')!;
      expect(commit.metadata).toMatchObject({ causationId: shippedEvent.eventId, actor: 'process:reservations' });
      const cancel = await handleOrderCommand(
        orders,
        { type: 'CancelOrder', data: { orderId: a, reason: 'too late' } },
        { commandId: randomUUID(), actor: ann },
      );
      expect(cancel).toMatchObject({ ok: false, code: 'AlreadyShipped' });

      // Handled again (a redelivery): nothing new is written, the units leave once.
      await expectHandledAgainWritesNothing();
      expect(await stockOf('mug')).toMatchObject({ onHand: 1, reserved: 0 });
    });

    it('runs as one instance: a second waits for the lease and takes over when the first stops', async () => {
      const one = startProcess('one');
      const two = startProcess('two');
      const deadline = Date.now() + 5000;
      while (!one.active && !two.active) {
        if (Date.now() > deadline) throw new Error('no instance took the lease');
        await new Promise((r) => setTimeout(r, 10));
      }
      expect([one.active, two.active].filter(Boolean)).toHaveLength(1);
      const [holder, waiter] = one.active ? [one, two] : [two, one];
      await holder.stop();
      const orderId = await place([{ productId: 'mug', quantity: 1 }]);
      expect((await decided(orderId)).status).toBe('confirmed');
      expect(waiter.active).toBe(true);
    });
  });
}
