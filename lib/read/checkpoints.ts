import type Database from 'better-sqlite3';

export function readCheckpoint(db: Database.Database, name: string): number {
  const row = db
    .prepare<[string], { position: number }>('SELECT position FROM projection_checkpoints WHERE name = ?')
    .get(name);
  return row?.position ?? 0;
}

/** `updated_at` is when the projector committed (operational; the only read-model time not taken from events). */
export function writeCheckpoint(db: Database.Database, name: string, position: number): void {
  db.prepare(
    `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
  ).run(name, position, new Date().toISOString());
}

export function allCheckpoints(db: Database.Database): { name: string; position: number; updatedAt: string }[] {
  return db
    .prepare<[], { name: string; position: number; updated_at: string }>(
      'SELECT name, position, updated_at FROM projection_checkpoints ORDER BY name',
    )
    .all()
    .map((r) => ({ name: r.name, position: r.position, updatedAt: r.updated_at }));
}
