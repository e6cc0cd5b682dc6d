// Rebuild a projection from position 1 into fresh shadow tables, then swap them in within ONE transaction that
// also sets the checkpoint. Readers see the old tables until that commit; a rebuild that crashes leaves them
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

/** Creates empty shadow copies of the projection's tables (same columns, constraints and indexes). */
function createShadowTables(db: Database.Database, def: ProjectionDef): void {
  for (const table of def.tables) {
    db.exec(`DROP TABLE IF EXISTS ${shadow(table)}`);
    const ddl = db
      .prepare<[string], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(table);
    if (!ddl) throw new Error(`table ${table} does not exist: are the migrations applied?`);
    db.exec(ddl.sql.replace(/^CREATE TABLE [`"]?\w+[`"]?/, `CREATE TABLE ${shadow(table)}`));
    const indexes = db
      .prepare<[string], { name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      )
      .all(table);
    for (const ix of indexes) {
      db.exec(
        ix.sql
          .replace(
            /^CREATE (UNIQUE )?INDEX [`"]?\w+[`"]?/,
            (_, u: string | undefined) => `CREATE ${u ?? ''}INDEX ${ix.name}${SHADOW_SUFFIX}`,
          )
          .replace(/ ON [`"]?\w+[`"]?/, ` ON ${shadow(table)}`),
      );
    }
  }
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
  const pageSize = options.pageSize ?? 1000;
  const started = performance.now();
  createShadowTables(db, def);
  const apply = batchApplier(db, def, shadow);
  const applyPage = db.transaction((events: Parameters<typeof apply.apply>[0]) => {
    apply.apply(events);
  });
  let position = 0;
  let events = 0;
  let head = await store.headPosition();
  const report = (phase: RebuildProgress['phase']) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    options.onProgress?.({
      projection: def.name,
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
    for (;;) {
      const page = await store.readAll({ fromPosition: position + 1, limit: pageSize });
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
    // One transaction: the live tables get the shadow rows and the checkpoint the shadow's position. Events that
    // arrived after `position` are applied to the new tables by the projector, from the new checkpoint.
    db.transaction(() => {
      for (const table of def.tables) {
        db.exec(`DELETE FROM ${table}`);
        db.exec(`INSERT INTO ${table} SELECT * FROM ${shadow(table)}`);
      }
      writeCheckpoint(db, def.name, position);
    }).immediate();
    report('done');
    return { projection: def.name, events, position, seconds: (performance.now() - started) / 1000 };
  } finally {
    dropShadowTables(db, def);
  }
}
