// Opens what every entry point needs (web server, standalone projector, operations scripts): the configured
// event store, the application database (migrated, catalog seeded), and the write-side dependencies.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  /** Signs session cookies. */
  sessionSecret: string;
  staffUsers: ReadonlySet<string>;
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
    sessionSecret: env.SESSION_SECRET ?? localSecret(env.DATA_DIR),
    staffUsers: env.STAFF_USERS,
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

/** A random secret kept next to the data, made on first start (set SESSION_SECRET to share one between servers). */
function localSecret(dataDir: string): string {
  const path = join(dataDir, 'session-secret');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process made it first
    }
  }
  return readFileSync(path, 'utf8').trim();
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
