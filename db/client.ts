// Opens the read-model database and brings its schema up to date with the committed migrations.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type AppDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = join(process.cwd(), 'db', 'migrations');

export function openAppDb(path: string): AppDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema });
  migrateWhileOthersMay(db);
  return db;
}

/**
 * Applies the migrations even when another process (a second web process, a standalone projector, a CLI) opens the
 * same file at the same moment. Drizzle reads what is applied before its own (deferred) transaction, so of two
 * racing processes one may find a table already made, or the file busy: it rolls back, and reading again finds the
 * other's work done. Tries 10 times, then throws the last error.
 */
function migrateWhileOthersMay(db: AppDb): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder: MIGRATIONS_DIR });
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 + Math.random() * 80); // a short, synchronous pause
    }
  }
}
