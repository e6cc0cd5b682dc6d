// Rebuild projections from position 1 into fresh shadow tables, then swap them in (rename, then index) within ONE
// transaction that also sets the checkpoint. Readers see the old tables until that commit; a rebuild that crashes leaves them
// untouched (the shadow tables are dropped on the next attempt). While the app runs, its projector keeps writing
// the live tables; the swap moves the checkpoint under it, and its next batch transaction (which re-reads the
// checkpoint) notices and resumes from the new one: no event lost or applied twice at the swap.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppDb } from '../../db/client';
import type { EventStore } from '../eventstore/types';
import { ORDER_STATE_SCHEMA_VERSION } from '../orders/order';
import { writeCheckpoint } from './checkpoints';
import { Lease, REBUILD_LEASE } from './lease';
import { ORDER_STATE, openProjections, PROJECTIONS, type Projection, tablesOf } from './projections';

export const SHADOW_SUFFIX = '__rebuild';
/** How long the rebuild lease lasts unless renewed (it is renewed with every page). */
const REBUILD_LEASE_TTL_MS = 30_000;

/** Thrown when another rebuild of the same read-model file runs (in this process or another). */
export class RebuildRunningError extends Error {
  override name = 'RebuildRunningError';
  constructor(holder: string) {
    super(`a rebuild of this read model is already running (${holder}); wait for it to finish`);
  }
}
const shadow = (table: string) => `${table}${SHADOW_SUFFIX}`;

/** Where a rebuild stands: reported while it runs, shown on the staff page and by the CLI. */
export interface RebuildProgress {
  /** The projections being rebuilt, comma-separated. */
  projection: string;
  phase: 'replaying' | 'swapping' | 'done' | 'failed';
  /** ISO-8601 UTC. */
  startedAt: string;
  position: number;
  head: number;
  events: number;
  eventsPerSec: number;
  /** Seconds left at the current rate, null when unknown. */
  etaSeconds: number | null;
  /** Why it failed, for `failed`. */
  error?: string;
}

export interface RebuildOptions {
  onProgress?: (p: RebuildProgress) => void;
  /** Events per read and per transaction. */
  pageSize?: number;
  /** Runs after the replay and before the swap (tests use it to let the live projector move ahead). */
  beforeSwap?: () => Promise<void>;
}

export interface RebuildResult {
  projection: string;
  events: number;
  position: number;
  seconds: number;
}

/**
 * Creates empty shadow copies of the tables: same columns and constraints, but no secondary indexes (the rebuild's
 * writes only use primary keys, and inserting without them is faster). Returns the live tables' index definitions,
 * to build on the shadow tables when they are swapped in.
 */
function createShadowTables(db: Database, tables: readonly string[]): string[] {
  const indexes: string[] = [];
  for (const table of tables) {
    db.exec(`DROP TABLE IF EXISTS ${shadow(table)}`);
    const ddl = db
      .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(table);
    if (!ddl) throw new Error(`table ${table} does not exist: are the migrations applied?`);
    db.exec(ddl.sql.replace(/^CREATE TABLE [`"]?\w+[`"]?/, `CREATE TABLE ${shadow(table)}`));
    const own = db
      .prepare<[string], { sql: string }>(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      )
      .all(table);
    indexes.push(...own.map((i) => i.sql));
  }
  return indexes;
}

/** Inside the swap transaction: the shadow tables take the live tables' names, and their indexes. */
function swapTables(db: Database, tables: readonly string[], indexes: readonly string[]): void {
  for (const table of tables) {
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}__old`);
    db.exec(`ALTER TABLE ${shadow(table)} RENAME TO ${table}`);
    db.exec(`DROP TABLE ${table}__old`);
  }
  for (const sql of indexes) db.exec(sql);
}

function dropShadowTables(db: Database, tables: readonly string[]): void {
  for (const table of tables) db.exec(`DROP TABLE IF EXISTS ${shadow(table)}`);
}

type Database = AppDb['$client'];

/**
 * Rebuilds `projections` (default: all) and the folded order state they share in one pass over the log, into shadow
 * tables, then swaps them all in within one transaction that also sets their checkpoints. Returns what it replayed.
 * Throws (leaving the live tables untouched) when reading the log or applying an event fails.
 */
export async function rebuildProjections(
  db: AppDb,
  store: EventStore,
  projections: readonly Projection[] = PROJECTIONS,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const pageSize = options.pageSize ?? 1000;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const name = projections.map((p) => p.name).join(', ');
  const tables = tablesOf(projections);
  const sqlite = db.$client;
  // One rebuild per file at a time: the shadow tables have one name.
  const lease = new Lease(
    db,
    `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    REBUILD_LEASE_TTL_MS,
    REBUILD_LEASE,
  );
  const acquired = sqlite.transaction(() => lease.tryAcquire()).immediate();
  if (!acquired) throw new RebuildRunningError(lease.holder()?.owner ?? 'another process');
  const keep = () => {
    if (!lease.renew()) throw new Error('the rebuild lease was lost (this process paused too long?); stopping');
  };
  let indexes: string[];
  try {
    indexes = createShadowTables(sqlite, tables);
  } catch (error) {
    lease.release();
    throw error;
  }
  const applier = openProjections(db, projections, SHADOW_SUFFIX);
  const applyPage = sqlite.transaction((events: Parameters<typeof applier.apply>[0]) => {
    const { failed } = applier.apply(events);
    const [first] = failed.values();
    if (first) throw first;
  });
  let position = 0;
  let events = 0;
  let head = await store.headPosition();
  const report = (phase: 'replaying' | 'swapping' | 'done') => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    options.onProgress?.({
      projection: name,
      phase,
      startedAt,
      position,
      head,
      events,
      eventsPerSec: rate,
      etaSeconds: rate > 0 ? Math.max(0, head - position) / rate : null,
    });
  };
  try {
    report('replaying');
    // Read the next page while the current one is applied.
    let next = store.readAll({ fromPosition: 1, limit: pageSize });
    for (;;) {
      const page = await next;
      if (page.length === pageSize) {
        next = store.readAll({ fromPosition: page[page.length - 1]!.position + 1, limit: pageSize });
        next.catch(() => {}); // a failure surfaces when awaited; never as an unhandled rejection meanwhile
      }
      if (page.length > 0) {
        keep();
        applyPage.immediate(page);
        position = page[page.length - 1]!.position;
        events += page.length;
        if (position > head) head = position;
        report('replaying');
      }
      if (page.length < pageSize) break; // caught up with the head as it was a moment ago
    }
    await options.beforeSwap?.();
    report('swapping');
    // One transaction: the live tables get the shadow rows and the checkpoints the shadow's position. Events that
    // arrived after `position` are applied to the new tables by the projector, from the new checkpoint.
    sqlite
      .transaction(() => {
        if (!lease.held()) throw new Error('the rebuild lease was lost before the swap; nothing swapped');
        swapTables(sqlite, tables, indexes);
        writeCheckpoint(db, ORDER_STATE, position, ORDER_STATE_SCHEMA_VERSION);
        for (const p of projections) writeCheckpoint(db, p.name, position, p.version);
      })
      .immediate();
    report('done');
    return { projection: name, events, position, seconds: (performance.now() - started) / 1000 };
  } finally {
    if (lease.held()) dropShadowTables(sqlite, tables); // never another rebuild's
    lease.release();
  }
}
