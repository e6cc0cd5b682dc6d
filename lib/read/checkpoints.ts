// Where each projection stands: the last global position it applied. Moved inside the same transaction as the rows
// it covers, so a crash loses nothing and applies nothing twice.
import { asc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/client';
import { placeholders } from './projections/sql';
import { projectionCheckpoints as cp } from './tables';

// Prepared once per connection: these run in every projector batch and in every catch-up poll.
const statements = new WeakMap<AppDb, ReturnType<typeof prepare>>();
function prepare(db: AppDb) {
  return {
    read: db
      .select({ position: cp.position, version: cp.version })
      .from(cp)
      .where(eq(cp.name, sql.placeholder('name')))
      .prepare(),
    write: db
      .insert(cp)
      .values(placeholders('name', 'position', 'updatedAt', 'version'))
      .onConflictDoUpdate({
        target: cp.name,
        set: {
          position: sql`excluded.${sql.identifier(cp.position.name)}`,
          updatedAt: sql`excluded.${sql.identifier(cp.updatedAt.name)}`,
          version: sql`excluded.${sql.identifier(cp.version.name)}`,
        },
      })
      .prepare(),
  };
}
function stmts(db: AppDb) {
  let s = statements.get(db);
  if (!s) {
    s = prepare(db);
    statements.set(db, s);
  }
  return s;
}

/** The last position applied by the projection `name`; 0 when it has applied nothing. */
export function readCheckpoint(db: AppDb, name: string): number {
  return stmts(db).read.get({ name })?.position ?? 0;
}

/** The version of the code that wrote the projection's rows (0 when unknown, e.g. written before versions). */
export function checkpointVersion(db: AppDb, name: string): number {
  return stmts(db).read.get({ name })?.version ?? 0;
}

/** Moves the checkpoint, written by code of `version`; call inside the transaction that wrote the rows. */
export function writeCheckpoint(db: AppDb, name: string, position: number, version: number): void {
  stmts(db).write.run({ name, position, updatedAt: new Date().toISOString(), version });
}

export function allCheckpoints(db: AppDb): { name: string; position: number; updatedAt: string }[] {
  return db.select().from(cp).orderBy(asc(cp.name)).all();
}
