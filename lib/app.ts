// The composition root: opens what every entry point needs (web server, standalone projector, operations scripts)
// from the validated configuration, and wires the parts together. Nothing else constructs stores, databases or
// handler dependencies; the web edge reads the result through lib/runtime.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type AppDb, openAppDb } from '../db/client';
import type { AccountsDeps } from './accounts/accounts';
import { SignInThrottle } from './accounts/throttle';
import type { Env } from './env';
import type { EventStore } from './eventstore/types';
import { moveLegacyRecords, SESSION_SECRET_NAME } from './legacy-records';
import type { LoggedError, Logger } from './log';
import { Metrics } from './observability/metrics';
import type { NodeRegistry, StorageInfo } from './observability/nodes';
import { commandObserver, projectorObserver, signInObserver } from './observability/observers';
import { RESERVATIONS_PROCESS, ReservationsProcess } from './processes/runner';
import type { ProcessState } from './processes/state';
import type { Readiness } from './read/catch-up';
import { ensureReadModelOf } from './read/identity';
import { checkReadModelFile } from './read/integrity';
import type { LocalNotifier, Notifier } from './read/notifier';
import { Projector } from './read/projector';
import type { RebuildRunner } from './read/rebuild-runner';
import { openStoreOfRecord } from './store-selection';
import { SEED_STOCK, seedCatalog, seedStock } from './write/catalog-seed';
import { CommandBudget } from './write/command-budget';
import type { HandlerDeps } from './write/handler';
import type { OrderWriteDeps } from './write/order-commands';
import { ProductCatalog } from './write/product-commands';

/** The app's version (package.json). */
export const APP_VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;

export interface App {
  env: Env;
  log: Logger;
  /** This node's Prometheus metrics (GET /metrics). */
  metrics: Metrics;
  /** The latest errors this process logged, newest last (the staff system page). */
  recentErrors: readonly LoggedError[];
  /** When this process opened the app (ISO-8601 UTC). */
  startedAt: string;
  store: EventStore;
  /** One line for people: which event store, where, and why. */
  storeDescription: string;
  /** The read model: disposable, rebuilt from the log. */
  db: AppDb;
  accounts: AccountsDeps;
  /** Commands per user, on every node (see command-budget.ts). */
  commandBudget: CommandBudget;
  /** Keys the ids of new orders (kept in the store of record, the same on every node; see newOrderId). */
  orderIdKey: string;
  /** What the order command handler needs. */
  orders: OrderWriteDeps;
  /** What the product command handler needs. */
  products: HandlerDeps;
  /** What the stock command handler needs. */
  stock: HandlerDeps;
  /** Process managers' leases and checkpoints in the store of record. */
  processState: ProcessState;
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
  /** Every node's last report (the staff system page), and how the store of record persists. */
  nodes: NodeRegistry;
  storage(): Promise<StorageInfo>;
  /** Whether the read model has caught up since start (health says "catching up" until then). */
  readiness(): Readiness;
  /** Disconnects every socket of a session, on every node (after sign-out). */
  endSessionSockets(sessionId: string): void;
  /**
   * Whether the store of record answers right now (false while Redis is down, or has not answered two pings in a
   * row): requests then fail at once with 503 instead of each waiting for the command timeout.
   */
  storeReachable(): boolean;
}

/**
 * Opens the store of record the configuration asks for, moves into it what an older release kept in DATA_DIR,
 * opens the read-model database (migrated), seeds the catalog on first start, and builds the dependencies of
 * accounts and commands. Throws EventStoreError when a required Redis does not answer.
 */
export async function openApp(env: Env, log: Logger, recentErrors: readonly LoggedError[] = []): Promise<App> {
  const metrics = new Metrics({ nodeId: env.nodeId, version: APP_VERSION });
  const startedAt = new Date().toISOString();
  const { store, accounts, limiter, processes, description } = await openStoreOfRecord(env, log);
  log.info(`event store: ${description}`);
  // First the read-model file's integrity: a damaged one is moved aside (kept, never deleted) and rebuilt from the log.
  // An old release's file that also held accounts is then not read: the log says where it was kept.
  await checkReadModelFile(env.appDbPath, log);
  await moveLegacyRecords(env, { store, accounts }, log);
  const db = openAppDb(env.appDbPath);
  ensureReadModelOf(db, await accounts.secret('store-id', () => randomUUID()), await store.headPosition(), log);
  const seeded = await seedCatalog(store);
  if (seeded > 0) log.info(`catalog: first start, listed ${seeded} products`);
  const stocked = await seedStock(store);
  if (stocked > 0) log.info(`stock: first start, received ${SEED_STOCK} units of each of ${stocked} products`);
  // Where the log stood when the reservations process first existed here: orders submitted before that were
  // accepted without stock, and it confirms them as they are (see ReservationsProcess).
  await processes.firstRun(RESERVATIONS_PROCESS, await store.headPosition());
  const onSnapshotError = (err: unknown, streamId: string) =>
    log.warn({ err, streamId }, 'snapshot not written (the command succeeded)');
  const catalog = new ProductCatalog(store);
  const observer = commandObserver(metrics, log);
  return {
    env,
    log,
    metrics,
    recentErrors,
    startedAt,
    store,
    storeDescription: description,
    db,
    commandBudget: new CommandBudget(limiter, { perSecond: env.COMMANDS_PER_SECOND, burst: env.COMMAND_BURST }),
    orderIdKey: await accounts.secret('order-ids', () => randomBytes(32).toString('base64url')),
    accounts: {
      store: accounts,
      sessionSecret:
        env.SESSION_SECRET ?? (await accounts.secret(SESSION_SECRET_NAME, () => randomBytes(32).toString('base64url'))),
      staffUsers: env.STAFF_USERS,
      throttle: new SignInThrottle(limiter, { addressAttempts: env.SIGNIN_ATTEMPTS_PER_ADDRESS }),
      sessionTtlMs: env.SESSION_TTL_S * 1000,
      onSignInRefused: signInObserver(metrics, log),
    },
    orders: {
      store,
      products: (ids) => catalog.find(ids),
      snapshotEvery: env.SNAPSHOT_EVERY,
      onSnapshotError,
      observer,
    },
    products: { store, snapshotEvery: env.SNAPSHOT_EVERY, onSnapshotError, observer },
    stock: { store, snapshotEvery: env.SNAPSHOT_EVERY, onSnapshotError, observer },
    processState: processes,
    async close() {
      await accounts.close();
      await store.close();
      db.$client.close();
    },
  };
}

/** The projector over the app's store and read model, configured from the environment (not started). */
export function createProjector(app: App, notifier?: Notifier): Projector {
  return new Projector({
    db: app.db,
    store: app.store,
    log: app.log,
    notifier,
    observer: projectorObserver(app.metrics),
    leaseTtlMs: app.env.PROJECTOR_LEASE_TTL_MS,
    maxBatch: app.env.PROJECTOR_MAX_BATCH,
    delayMs: app.env.PROJECTION_DELAY_MS,
  });
}

/** The reservations process manager over the app's store (not started); one instance runs across all processes. */
export function createReservationsProcess(app: App): ReservationsProcess {
  return new ReservationsProcess({
    store: app.store,
    state: app.processState,
    log: app.log,
    orders: app.orders,
    stock: app.stock,
    leaseTtlMs: app.env.PROCESS_LEASE_TTL_MS,
    onHandled: (type, seconds) => app.metrics.processEventDuration.observe({ process: 'reservations', type }, seconds),
  });
}
