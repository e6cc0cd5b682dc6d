// Opens what every entry point needs (web server, standalone projector, operations scripts): the configured
// event store, the application database (migrated, catalog seeded), and the write-side dependencies.
import { type AppDb, openAppDb } from '../db/client';
import { findProducts } from './catalog/products';
import { seedCatalog } from './catalog/seed';
import type { Env } from './env';
import { openConfiguredEventStore } from './eventstore/configure';
import type { EventStore } from './eventstore/types';
import type { Logger } from './log';
import type { Notifier } from './read/notifier';
import { Projector } from './read/projector';
import type { WriteDeps } from './write/handler';

export interface App {
  env: Env;
  store: EventStore;
  storeDescription: string;
  db: AppDb;
  write: WriteDeps;
  close(): Promise<void>;
}

export async function openApp(env: Env, log: Logger): Promise<App> {
  const { store, description } = await openConfiguredEventStore(env, log);
  log.info(`event store: ${description}`);
  const db = openAppDb(env.appDbPath);
  const seeded = seedCatalog(db);
  if (seeded > 0) log.info(`catalog: first start, seeded ${seeded} products into ${env.appDbPath}`);
  return {
    env,
    store,
    storeDescription: description,
    db,
    write: {
      store,
      products: (ids) => findProducts(db, ids),
      snapshotEvery: env.SNAPSHOT_EVERY,
      onSnapshotError: (err, streamId) => log.warn({ err, streamId }, 'snapshot not written (the command succeeded)'),
    },
    async close() {
      await store.close();
      db.$client.close();
    },
  };
}

export function createProjector(app: App, log: Logger, notifier?: Notifier): Projector {
  return new Projector({
    db: app.db.$client,
    store: app.store,
    log,
    notifier,
    leaseTtlMs: app.env.PROJECTOR_LEASE_TTL_MS,
    maxBatch: app.env.PROJECTOR_MAX_BATCH,
    delayMs: app.env.PROJECTION_DELAY_MS,
  });
}
