// The projector's own promises: one writer per database (the lease), and a failing projection stops alone,
// loudly, naming the event.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type AppDb, openAppDb } from '../../db/client';
import { openSqliteStoreForTest, type TestStore } from '../eventstore/testing';
import type { EventStore } from '../eventstore/types';
import { orderStream } from '../orders/events';
import { ORDER_STATE_SCHEMA_VERSION } from '../orders/order';
import { handleOrderCommand } from '../write/order-commands';
import { checkpointVersion, readCheckpoint, writeCheckpoint } from './checkpoints';
import { currentLeaseHolder } from './lease';
import { PROJECTIONS, type Projection } from './projections';
import { orderState } from './projections/order-state/tables';
import { Projector } from './projector';
import { cleanRebuildDump, dumpTables, READ_MODEL_TABLES, randomWorkload, settled, startProjector } from './testing';

const cleanups: (() => Promise<void> | void)[] = [];

async function until(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const t: TestStore<EventStore> = await openSqliteStoreForTest();
  const dir = mkdtempSync(join(tmpdir(), 'orderly-proj-'));
  const open = () => {
    const db = openAppDb(join(dir, 'app.sqlite'));
    cleanups.push(() => {
      db.$client.close();
    });
    return db;
  };
  const db = open();
  cleanups.push(async () => {
    await t.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store: t.store, db, open };
}

describe('the projector lease', () => {
  it('lets only one of two projectors on one database write; the other takes over when it stops', async () => {
    const { store, db, open } = await setup();
    const other = open(); // a second connection, as a second process would have
    const first = startProjector(db, store, { owner: 'first', leaseTtlMs: 300 });
    cleanups.push(() => first.stop());
    await randomWorkload(store, { orders: 3, commands: 20 });
    await settled(db, store);
    const second = startProjector(other, store, { owner: 'second', leaseTtlMs: 300 });
    cleanups.push(() => second.stop());
    await randomWorkload(store, { orders: 3, commands: 20, seed: 9 });
    await settled(db, store);
    expect(currentLeaseHolder(db)?.owner).toBe('first');
    expect(first.status().every((s) => s.state === 'running' && s.batches > 0)).toBe(true);
    expect(second.status().every((s) => s.state === 'waiting_for_lease' && s.batches === 0)).toBe(true);

    await first.stop();
    await randomWorkload(store, { orders: 2, commands: 10, seed: 10 });
    await settled(db, store);
    expect(currentLeaseHolder(db)?.owner).toBe('second');
    expect(second.status().every((s) => s.state === 'running' && s.batches > 0)).toBe(true);
  });

  it('keeps a projector whose lease was taken from writing (fencing)', async () => {
    const { store, db } = await setup();
    const p = startProjector(db, store, { owner: 'paused', leaseTtlMs: 60_000 });
    cleanups.push(() => p.stop());
    await randomWorkload(store, { orders: 1, commands: 3 });
    await settled(db, store);
    const at = readCheckpoint(db, 'orders');
    // Another process takes the lease (as after an expiry the holder did not notice).
    db.$client.prepare("UPDATE projector_leases SET owner = 'usurper', expires_at = ?").run(Date.now() + 60_000);
    await randomWorkload(store, { orders: 1, commands: 3, seed: 11 });
    // Barrier: the projector gives up writing only after its batch transaction found the lease gone.
    await until(() => p.status().every((s) => s.state === 'waiting_for_lease'));
    expect(readCheckpoint(db, 'orders')).toBe(at);
    expect(await store.headPosition()).toBeGreaterThan(at);
  });
});

describe('a projection that fails on an event', () => {
  it('stops with a log line naming the event, while the others go on', async () => {
    const { store, db } = await setup();
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const fragile: Projection = {
      name: 'fragile' as never,
      version: 1,
      tables: [],
      announces: false,
      open: () => ({
        onEvent: ({ event }) => {
          if (event.type === 'OrderSubmitted') throw new Error('cannot cope with submissions');
        },
      }),
    };
    const projector = new Projector({
      db,
      store,
      log,
      projections: [...PROJECTIONS.filter((p) => p.name === 'orders'), fragile],
    });
    projector.start();
    cleanups.push(() => projector.stop());
    const orderId = randomUUID();
    const stream = orderStream(orderId);
    const meta = { schemaVersion: 1 };
    await store.append(
      stream,
      [
        {
          type: 'OrderCreated',
          data: {
            orderId,
            customerId: 'ann',
            lines: [{ productId: 'mug', name: 'Mug', quantity: 1, unitPriceCents: 100 }],
          },
          metadata: meta,
        },
      ],
      { expectedVersion: 0 },
    );
    const submitted = await store.append(stream, [{ type: 'OrderSubmitted', data: { orderId }, metadata: meta }], {
      expectedVersion: 1,
    });
    await store.append(stream, [{ type: 'OrderCancelled', data: { orderId, reason: 'x' }, metadata: meta }], {
      expectedVersion: 2,
    });
    await settled(db, store, ['orders']);
    const fragileStatus = projector.status().find((s) => s.name === 'fragile')!;
    expect(fragileStatus.state).toBe('failed');
    // The failed batch wrote nothing: the checkpoint stays before the event.
    expect(readCheckpoint(db, 'fragile')).toBeLessThan(submitted.positions[0]!);
    expect(fragileStatus.checkpoint).toBe(readCheckpoint(db, 'fragile'));
    expect(fragileStatus.error).toContain('cannot cope');
    const line = lines.find((l) => l.level >= 50)!;
    expect(line.msg).toContain(`OrderSubmitted at position ${submitted.positions[0]}`);
    expect(line.msg).toContain(`${stream} v2`);
    expect(dumpTables(db, ['order_summaries']).order_summaries).toMatchObject([{ status: 'cancelled', version: 3 }]);
  });

  it('stops on an event it cannot read (no silent skip)', async () => {
    const { store, db } = await setup();
    const projector = startProjector(db, store);
    cleanups.push(() => projector.stop());
    const orderId = randomUUID();
    await store.append(orderStream(orderId), [{ type: 'OrderTeleported', data: {} }], { expectedVersion: 0 });
    await until(() => projector.status().every((s) => s.state === 'failed'));
    expect(projector.status().map((s) => s.state)).toEqual(PROJECTIONS.map(() => 'failed'));
    expect(projector.status()[0]!.error).toContain('OrderTeleported');
    expect(readCheckpoint(db, 'orders')).toBe(0);
  });
});

describe('a read model that disagrees with the code or with itself', () => {
  /** A projector that logs into `lines`, once it runs and has caught up. */
  async function restarted(db: AppDb, store: EventStore) {
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const projector = new Projector({ db, store, log, leaseTtlMs: 2000 });
    projector.start();
    cleanups.push(() => projector.stop());
    await until(() => projector.status().every((s) => s.state === 'running'));
    await settled(db, store);
    return lines;
  }

  it('is rebuilt from the log, saying so, when the saved order state has another schema version', async () => {
    const { store, db } = await setup();
    const first = startProjector(db, store);
    await randomWorkload(store, { orders: 4, commands: 30, seed: 21 });
    await settled(db, store);
    await first.stop();
    // As if the code that folded these states had another Order shape.
    db.update(orderState)
      .set({ schemaVersion: ORDER_STATE_SCHEMA_VERSION - 1 })
      .run();

    const lines = await restarted(db, store);
    expect(lines.some((l) => l.level === 40 && /another schema version.*rebuilding/.test(l.msg))).toBe(true);
    expect(lines.some((l) => /rebuilt from \d+ events/.test(l.msg))).toBe(true);
    expect(
      db
        .select()
        .from(orderState)
        .all()
        .every((r) => r.schemaVersion === ORDER_STATE_SCHEMA_VERSION),
    ).toBe(true);
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
  });

  it('is rebuilt when a projection stands elsewhere than the others (it stopped on a failure earlier)', async () => {
    const { store, db } = await setup();
    const first = startProjector(db, store);
    await randomWorkload(store, { orders: 3, commands: 20, seed: 22 });
    await settled(db, store);
    await first.stop();
    writeCheckpoint(db, 'activity', 3, 1); // left behind, as a failed projection is

    const lines = await restarted(db, store);
    expect(lines.some((l) => /activity stands at another position/.test(l.msg))).toBe(true);
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
  });

  it('is rebuilt when a projection was written by another version of its code', async () => {
    const { store, db } = await setup();
    const first = startProjector(db, store);
    await randomWorkload(store, { orders: 3, commands: 20, seed: 23 });
    await settled(db, store);
    await first.stop();
    const at = readCheckpoint(db, 'orders');
    writeCheckpoint(db, 'orders', at, 0); // as if written before this projection's rows changed meaning

    const lines = await restarted(db, store);
    expect(lines.some((l) => /orders was written by another version of the code/.test(l.msg))).toBe(true);
    expect(checkpointVersion(db, 'orders')).toBe(PROJECTIONS.find((p) => p.name === 'orders')!.version);
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
  });

  it('is rebuilt, saying so, when a saved state is damaged in a way no integrity check sees', async () => {
    const { store, db } = await setup();
    const first = startProjector(db, store);
    await randomWorkload(store, { orders: 3, commands: 20, seed: 24 });
    await settled(db, store);
    await first.stop();
    // One order's folded state is no longer JSON (quick_check cannot see into a value).
    const victim = db.select().from(orderState).get()!;
    db.update(orderState)
      .set({ state: `#${victim.state.slice(1)}` })
      .run();

    const lines = await restarted(db, store);
    const cancel = await handleOrderCommand(
      { store, products: async () => new Map() },
      { type: 'CancelOrder', data: { orderId: victim.orderId, reason: 'after the damage' } },
      { commandId: randomUUID(), actor: { id: 'sam', staff: true } },
    );
    expect(cancel.ok).toBe(true);
    await settled(db, store);
    expect(lines.some((l) => l.level === 50 && /failed .*rebuilding from the log/.test(l.msg))).toBe(true);
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
  });
});

describe('a log that went back behind the read model (a store restored from a backup)', () => {
  it('is noticed while running: the read model is rebuilt from the log as it is now', async () => {
    const { store, db } = await setup();
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const projector = new Projector({ db, store, log, leaseTtlMs: 300 });
    projector.start();
    cleanups.push(() => projector.stop());
    await randomWorkload(store, { orders: 3, commands: 20, seed: 25 });
    await settled(db, store);
    const before = readCheckpoint(db, 'orders');

    // The store loses its newest events: the same file, cut back by five events.
    const sqlite = (store as unknown as { db: AppDb['$client'] }).db;
    const keep = before - 5;
    sqlite.prepare('DELETE FROM events WHERE position > ?').run(keep);
    sqlite.prepare('DELETE FROM snapshots').run();
    sqlite.prepare('DELETE FROM streams WHERE stream_id NOT IN (SELECT stream_id FROM events)').run();
    sqlite
      .prepare('UPDATE streams SET version = (SELECT max(version) FROM events e WHERE e.stream_id = streams.stream_id)')
      .run();
    expect(await store.headPosition()).toBe(keep);
    // And goes on: a new event takes a position the read model had already passed.
    const orders = sqlite.prepare("SELECT stream_id FROM streams WHERE stream_id LIKE 'order-%'").all() as {
      stream_id: string;
    }[];
    let cancelled = false;
    for (const { stream_id } of orders) {
      const r = await handleOrderCommand(
        { store, products: async () => new Map() },
        { type: 'CancelOrder', data: { orderId: stream_id.slice('order-'.length), reason: 'after the restore' } },
        { commandId: randomUUID(), actor: { id: 'sam', staff: true } },
      );
      cancelled = r.ok;
      if (cancelled) break;
    }
    expect(cancelled).toBe(true);

    await until(() => lines.some((l) => /the log now ends at \d+, before the read model/.test(l.msg)), 10_000);
    await until(() => lines.some((l) => /rebuilt from \d+ events/.test(l.msg)), 10_000);
    await settled(db, store);
    expect(readCheckpoint(db, 'orders')).toBe(keep + 1);
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
  });
});
