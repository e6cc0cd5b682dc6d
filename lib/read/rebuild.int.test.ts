// Rebuilds: a rebuild equals the incremental read model byte for byte; it works while the projector runs and
// events keep arriving; a failed rebuild leaves the live tables as they were.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppDb, openAppDb } from '../../db/client';
import { openRedisStoreForTest, type TestStore } from '../eventstore/testing';
import type { EventStore } from '../eventstore/types';
import { readCheckpoint } from './checkpoints';
import type { Projector } from './projector';
import { rebuildProjections, SHADOW_SUFFIX } from './rebuild';
import { cleanRebuildDump, dumpTables, READ_MODEL_TABLES, randomWorkload, settled, startProjector } from './testing';

let t: TestStore<EventStore>;
let store: EventStore;
let db: AppDb;
let projector: Projector | undefined;

beforeEach(async () => {
  t = await openRedisStoreForTest();
  store = t.store;
  db = openAppDb(':memory:');
});
afterEach(async () => {
  await projector?.stop();
  projector = undefined;
  db.$client.close();
  await t.destroy();
});

describe('rebuilding projections', () => {
  it('produces byte-identical tables to the incremental projection after a random workload', async () => {
    projector = startProjector(db, store, { maxBatch: 7 }); // small batches: many batch boundaries
    await randomWorkload(store, { orders: 25, commands: 400, seed: 7 });
    await settled(db, store);
    await projector.stop();
    projector = undefined;
    const incremental = dumpTables(db, READ_MODEL_TABLES);
    expect(incremental.order_summaries!.length).toBe(25);
    const orderEvents = (await store.readAll({ limit: 10_000 })).filter((e) => e.streamId.startsWith('order-'));
    expect(incremental.order_activity!.length).toBe(orderEvents.length);
    expect(incremental.catalog_products!.length).toBe(21);

    const progress: string[] = [];
    const r = await rebuildProjections(db, store, undefined, {
      pageSize: 50,
      onProgress: (p) => progress.push(p.phase),
    });
    expect(r.position).toBe(await store.headPosition());
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(incremental);
    expect(progress).toContain('replaying');
    expect(progress.at(-1)).toBe('done');
    const leftovers = db.$client.prepare('SELECT name FROM sqlite_master WHERE name LIKE ?').all(`%${SHADOW_SUFFIX}`);
    expect(leftovers).toEqual([]);
  });

  it('swaps in while the projector runs and commands keep coming, losing and doubling nothing', async () => {
    projector = startProjector(db, store, { maxBatch: 5 });
    await randomWorkload(store, { orders: 10, commands: 150, seed: 1 });
    const more = randomWorkload(store, { orders: 10, commands: 300, seed: 2 }); // runs during the rebuilds
    await rebuildProjections(db, store, undefined, { pageSize: 20 });
    await rebuildProjections(db, store, undefined, { pageSize: 35 });
    await more;
    await settled(db, store);
    await projector.stop();
    projector = undefined;
    const live = dumpTables(db, READ_MODEL_TABLES);

    expect(live).toEqual(await cleanRebuildDump(store));
  });

  it('moves a projector that got ahead back to the swapped-in position, which then re-applies what follows', async () => {
    projector = startProjector(db, store);
    await randomWorkload(store, { orders: 6, commands: 60, seed: 4 });
    await rebuildProjections(db, store, undefined, {
      beforeSwap: async () => {
        // Events the rebuild has not read: the live projector applies them before the swap.
        await randomWorkload(store, { orders: 3, commands: 30, seed: 5 });
        await settled(db, store);
      },
    });
    expect(readCheckpoint(db, 'orders')).toBeLessThan(await store.headPosition());
    await settled(db, store);
    await projector.stop();
    projector = undefined;
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(await cleanRebuildDump(store));
  });

  it('leaves the live tables untouched when it fails part way', async () => {
    projector = startProjector(db, store);
    await randomWorkload(store, { orders: 5, commands: 40, seed: 3 });
    await settled(db, store);
    await projector.stop();
    projector = undefined;
    const before = dumpTables(db, READ_MODEL_TABLES);
    const checkpoint = readCheckpoint(db, 'orders');
    // The same store, whose log stops answering after position 20.
    const failing: EventStore = Object.assign(Object.create(store), {
      readAll: async (o?: { fromPosition?: number }) => {
        if ((o?.fromPosition ?? 1) > 20) throw new Error('the log went away');
        return store.readAll({ ...o, limit: 10 });
      },
    });
    await expect(rebuildProjections(db, failing, undefined, { pageSize: 10 })).rejects.toThrow('went away');
    expect(dumpTables(db, READ_MODEL_TABLES)).toEqual(before);
    expect(readCheckpoint(db, 'orders')).toBe(checkpoint);
  });
});
