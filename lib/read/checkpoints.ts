import type Database from 'better-sqlite3';

// Prepared once per connection: these run in every projector batch and in every catch-up poll.
const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();
function prepare(db: Database.Database) {
  return {
    read: db.prepare<[string], { position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?'),
    write: db.prepare(
      `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    ),
  };
}
function stmts(db: Database.Database) {
  let s = statements.get(db);
  if (!s) {
    s = prepare(db);
    statements.set(db, s);
  }
  return s;
}

export function readCheckpoint(db: Database.Database, name: string): number {
  return stmts(db).read.get(name)?.position ?? 0;
}

/** `updated_at` is when the projector committed (operational; the only read-model time not taken from events). */
export function writeCheckpoint(db: Database.Database, name: string, position: number): void {
  stmts(db).write.run(name, position, new Date().toISOString());
}

export function allCheckpoints(db: Database.Database): { name: string; position: number; updatedAt: string }[] {
  return db
    .prepare<[], { name: string; position: number; updated_at: string }>(
      'SELECT name, position, updated_at FROM projection_checkpoints ORDER BY name',
    )
    .all()
    .map((r) => ({ name: r.name, position: r.position, updatedAt: r.updated_at }));
}
