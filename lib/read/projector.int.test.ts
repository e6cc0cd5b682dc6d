// The projector's own promises: one writer per database (the lease), and a failing projection stops alone,
// loudly, naming the event.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDb } from '../../db/client';
import { seedCatalog } from '../catalog/seed';
import { openSqliteStoreForTest, type TestStore } from '../eventstore/testing';
import type { EventStore } from '../eventstore/types';
import { orderStream } from '../orders/events';
import { readCheckpoint } from './checkpoints';
import { currentLeaseHolder } from './lease';
import { PROJECTIONS, type ProjectionDef } from './projections';
import { Projector } from './projector';
import { dumpTables, randomWorkload, settled, startProjector } from './testing';

const cleanups: (() => Promise<void> | void)[] = [];
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
  seedCatalog(db);
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
    const first = startProjector(db.$client, store, { owner: 'first', leaseTtlMs: 300 });
    cleanups.push(() => first.stop());
    await randomWorkload(db, store, { orders: 3, commands: 20 });
    await settled(db.$client, store);
    const second = startProjector(other.$client, store, { owner: 'second', leaseTtlMs: 300 });
    cleanups.push(() => second.stop());
    await randomWorkload(db, store, { orders: 3, commands: 20, seed: 9 });
    await settled(db.$client, store);
    expect(currentLeaseHolder(db.$client)?.owner).toBe('first');
    expect(first.status().every((s) => s.state === 'running' && s.batches > 0)).toBe(true);
    expect(second.status().every((s) => s.state === 'waiting_for_lease' && s.batches === 0)).toBe(true);

    await first.stop();
    await randomWorkload(db, store, { orders: 2, commands: 10, seed: 10 });
    await settled(db.$client, store);
    expect(currentLeaseHolder(db.$client)?.owner).toBe('second');
    expect(second.status().every((s) => s.state === 'running' && s.batches > 0)).toBe(true);
  });

  it('keeps a projector whose lease was taken from writing (fencing)', async () => {
    const { store, db } = await setup();
    const p = startProjector(db.$client, store, { owner: 'paused', leaseTtlMs: 60_000 });
    cleanups.push(() => p.stop());
    await randomWorkload(db, store, { orders: 1, commands: 3 });
    await settled(db.$client, store);
    const at = readCheckpoint(db.$client, 'orders');
    // Another process takes the lease (as after an expiry the holder did not notice).
    db.$client.prepare("UPDATE projector_leases SET owner = 'usurper', expires_at = ?").run(Date.now() + 60_000);
    await randomWorkload(db, store, { orders: 1, commands: 3, seed: 11 });
    await new Promise((r) => setTimeout(r, 300));
    expect(readCheckpoint(db.$client, 'orders')).toBe(at);
  });
});

describe('a projection that fails on an event', () => {
  it('stops with a log line naming the event, while the others go on', async () => {
    const { store, db } = await setup();
    const lines: { level: number; msg: string }[] = [];
    const log = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const fragile: ProjectionDef = {
      name: 'fragile' as never,
      tables: [],
      stateTable: 'activity_projection_state',
      announces: false,
      writer: () => ({
        onEvent: ({ event }) => {
          if (event.type === 'OrderSubmitted') throw new Error('cannot cope with submissions');
        },
      }),
    };
    const projector = new Projector({
      db: db.$client,
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
    await settled(db.$client, store, ['orders']);
    const fragileStatus = projector.status().find((s) => s.name === 'fragile')!;
    expect(fragileStatus.state).toBe('failed');
    // The failed batch wrote nothing: the checkpoint stays before the event.
    expect(readCheckpoint(db.$client, 'fragile')).toBeLessThan(submitted.positions[0]!);
    expect(fragileStatus.checkpoint).toBe(readCheckpoint(db.$client, 'fragile'));
    expect(fragileStatus.error).toContain('cannot cope');
    const line = lines.find((l) => l.level >= 50)!;
    expect(line.msg).toContain(`OrderSubmitted at position ${submitted.positions[0]}`);
    expect(line.msg).toContain(`${stream} v2`);
    expect(dumpTables(db.$client, ['order_summaries']).order_summaries).toMatchObject([
      { status: 'cancelled', version: 3 },
    ]);
  });

  it('stops on an event it cannot read (no silent skip)', async () => {
    const { store, db } = await setup();
    const projector = startProjector(db.$client, store);
    cleanups.push(() => projector.stop());
    const orderId = randomUUID();
    await store.append(orderStream(orderId), [{ type: 'OrderTeleported', data: {} }], { expectedVersion: 0 });
    for (let i = 0; i < 200 && projector.status().some((s) => s.state !== 'failed'); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(projector.status().map((s) => s.state)).toEqual(['failed', 'failed']);
    expect(projector.status()[0]!.error).toContain('OrderTeleported');
    expect(readCheckpoint(db.$client, 'orders')).toBe(0);
  });
});
