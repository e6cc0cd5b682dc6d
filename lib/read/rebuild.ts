// Rebuild a projection from position 1 into fresh shadow tables, then swap them in (rename, then index) within ONE
// transaction that also sets the checkpoint. Readers see the old tables until that commit; a rebuild that crashes leaves them
// untouched (the shadow tables are dropped on the next attempt). While the app runs, its projector keeps writing
// the live tables; the swap moves the checkpoint under it, and its next batch transaction (which re-reads the
// checkpoint) notices and resumes from the new one: no event lost or applied twice at the swap.
import type Database from 'better-sqlite3';
import type { EventStore } from '../eventstore/types';
import { writeCheckpoint } from './checkpoints';
import { batchApplier, type ProjectionDef } from './projections';

export const SHADOW_SUFFIX = '__rebuild';
const shadow = (table: string) => `${table}${SHADOW_SUFFIX}`;

export interface RebuildProgress {
  projection: string;
  phase: 'replaying' | 'swapping' | 'done';
  position: number;
  head: number;
  events: number;
  eventsPerSec: number;
  /** Seconds left at the current rate, null when unknown. */
  etaSeconds: number | null;
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
 * Creates empty shadow copies of the projection's tables: same columns and constraints, but no secondary indexes
 * (the rebuild's writes only use primary keys, and inserting without them is faster). Returns the live tables'
 * index definitions, to build on the shadow tables when they are swapped in.
 */
function createShadowTables(db: Database.Database, def: ProjectionDef): string[] {
  const indexes: string[] = [];
  for (const table of def.tables) {
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
function swapTables(db: Database.Database, def: ProjectionDef, indexes: readonly string[]): void {
  for (const table of def.tables) {
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}__old`);
    db.exec(`ALTER TABLE ${shadow(table)} RENAME TO ${table}`);
    db.exec(`DROP TABLE ${table}__old`);
  }
  for (const sql of indexes) db.exec(sql);
}

function dropShadowTables(db: Database.Database, def: ProjectionDef): void {
  for (const table of def.tables) db.exec(`DROP TABLE IF EXISTS ${shadow(table)}`);
}

export async function rebuildProjection(
  db: Database.Database,
  store: EventStore,
  def: ProjectionDef,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  return rebuildProjections(db, store, [def], options);
}

/** Rebuilds several projections in one pass over the log, and swaps them all in within one transaction. */
export async function rebuildProjections(
  db: Database.Database,
  store: EventStore,
  defs: readonly ProjectionDef[],
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const pageSize = options.pageSize ?? 1000;
  const started = performance.now();
  const name = defs.map((d) => d.name).join(', ');
  const indexes = new Map(defs.map((def) => [def, createShadowTables(db, def)]));
  const appliers = defs.map((def) => batchApplier(db, def, shadow));
  const applyPage = db.transaction((events: Parameters<(typeof appliers)[number]['apply']>[0]) => {
    for (const a of appliers) a.apply(events);
  });
  let position = 0;
  let events = 0;
  let head = await store.headPosition();
  const report = (phase: RebuildProgress['phase']) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    options.onProgress?.({
      projection: name,
      phase,
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
        applyPage(page);
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
    db.transaction(() => {
      for (const def of defs) {
        swapTables(db, def, indexes.get(def)!);
        writeCheckpoint(db, def.name, position);
      }
    }).immediate();
    report('done');
    return { projection: name, events, position, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const def of defs) dropShadowTables(db, def);
  }
}
