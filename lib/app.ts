// The composition root: opens what every entry point needs (web server, standalone projector, operations scripts)
// from the validated configuration, and wires the parts together. Nothing else constructs stores, databases or
// handler dependencies; the web edge reads the result through lib/runtime.ts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppDb, openAppDb } from '../db/client';
import type { AccountsDeps } from './accounts/accounts';
import { findProducts } from './catalog/products';
import { seedCatalog } from './catalog/seed';
import type { Env } from './env';
import type { EventStore } from './eventstore/types';
import type { Logger } from './log';
import type { LocalNotifier, Notifier } from './read/notifier';
import { Projector } from './read/projector';
import type { RebuildRunner } from './read/rebuild-runner';
import { openConfiguredEventStore } from './store-selection';
import type { OrderWriteDeps } from './write/order-commands';

export interface App {
  env: Env;
  log: Logger;
  store: EventStore;
  /** One line for people: which event store, where, and why. */
  storeDescription: string;
  /** The read model (and, until they move to the store of record, the catalog and accounts). */
  db: AppDb;
  accounts: AccountsDeps;
  /** What the order command handler needs. */
  orders: OrderWriteDeps;
  close(): Promise<void>;
}

/** What the web edge (data-access layer, route handlers) reads: the app, and the parts the web server runs. */
export interface Runtime extends App {
  /** Announces what each projector commit changed (in this process). */
  notifier: LocalNotifier;
  /** The in-process projector; null when it runs as its own process (PROJECTOR=off). */
  projector: Projector | null;
  /** Rebuilds started from the staff page. */
  rebuilds: RebuildRunner;
}

/**
 * Opens the configured event store and the application database (migrated; catalog seeded on first start), and
 * builds the dependencies of accounts and commands. Throws EventStoreError when a required Redis does not answer.
 */
export async function openApp(env: Env, log: Logger): Promise<App> {
  const { store, description } = await openConfiguredEventStore(env, log);
  log.info(`event store: ${description}`);
  const db = openAppDb(env.appDbPath);
  const seeded = seedCatalog(db);
  if (seeded > 0) log.info(`catalog: first start, seeded ${seeded} products into ${env.appDbPath}`);
  return {
    env,
    log,
    store,
    storeDescription: description,
    db,
    accounts: {
      db,
      sessionSecret: env.SESSION_SECRET ?? localSecret(env.DATA_DIR),
      staffUsers: env.STAFF_USERS,
    },
    orders: {
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

/** The projector over the app's store and read model, configured from the environment (not started). */
export function createProjector(app: App, notifier?: Notifier): Projector {
  return new Projector({
    db: app.db,
    store: app.store,
    log: app.log,
    notifier,
    leaseTtlMs: app.env.PROJECTOR_LEASE_TTL_MS,
    maxBatch: app.env.PROJECTOR_MAX_BATCH,
    delayMs: app.env.PROJECTION_DELAY_MS,
  });
}
