// The account store in the embedded store of record: tables next to the events, in the same SQLite file, over a
// connection of its own. The username is a UNIQUE column, so it is taken once even by racing processes.
import Database from 'better-sqlite3';
import { synchronousPragma } from '../eventstore/sqlite';
import type { AccountStore, OpenSession, SessionRecord, UserRecord } from './store';

export const ACCOUNTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS sessions (
  id         TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  username   TEXT NOT NULL,
  expires_at INTEGER NOT NULL  -- epoch ms
) STRICT;
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires_at);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);
CREATE TABLE IF NOT EXISTS secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  created_at: string;
}

export class SqliteAccountStore implements AccountStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly stmt;

  /**
   * Opens its own connection to the store of record's file (`path`), creating its tables when missing, with the
   * event store's `synchronous` setting (EVENT_STORE_SYNC).
   */
  constructor(path: string, synchronous: 'normal' | 'full' = 'full') {
    const pragma = synchronousPragma(synchronous);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${pragma}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(ACCOUNTS_SCHEMA);
    this.stmt = {
      insertUser: this.db.prepare(
        'INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
      userByName: this.db.prepare<[string], UserRow>(
        'SELECT id, username, password_hash, created_at FROM users WHERE username = ?',
      ),
      openSession: this.db.prepare(
        `INSERT INTO sessions (id, user_id, username, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, username = excluded.username,
           expires_at = excluded.expires_at`,
      ),
      sweep: this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
      session: this.db.prepare<[string, number], { user_id: string; username: string; expires_at: number }>(
        'SELECT user_id, username, expires_at FROM sessions WHERE id = ? AND expires_at > ?',
      ),
      endSession: this.db.prepare('DELETE FROM sessions WHERE id = ?'),
      sessionsOf: this.db.prepare<[string, string], { id: string }>(
        'SELECT id FROM sessions WHERE user_id = ? AND id <> ?',
      ),
      setPasswordHash: this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      insertSecret: this.db.prepare('INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      secret: this.db.prepare<[string], { value: string }>('SELECT value FROM secrets WHERE name = ?'),
    };
  }

  /** The connection, for a rate limiter that keeps its counters in the same file. */
  get connection(): Database.Database {
    return this.db;
  }

  async createUser(u: UserRecord): Promise<'created' | 'taken'> {
    const r = this.stmt.insertUser.run(u.id, u.username, u.passwordHash, u.createdAt);
    return r.changes === 1 ? 'created' : 'taken';
  }

  async userByName(username: string): Promise<UserRecord | null> {
    const row = this.stmt.userByName.get(username);
    return row
      ? { id: row.id, username: row.username, passwordHash: row.password_hash, createdAt: row.created_at }
      : null;
  }

  async openSession(s: SessionRecord): Promise<void> {
    this.db
      .transaction(() => {
        this.stmt.openSession.run(s.id, s.userId, s.username, s.expiresAt.getTime());
        // Expired sessions are swept as new ones open.
        this.stmt.sweep.run(Date.now());
      })
      .immediate();
  }

  async session(sessionId: string, now = new Date()): Promise<OpenSession | null> {
    const row = this.stmt.session.get(sessionId, now.getTime());
    return row ? { userId: row.user_id, username: row.username, expiresAt: new Date(row.expires_at) } : null;
  }

  async endSession(sessionId: string): Promise<void> {
    this.stmt.endSession.run(sessionId);
  }

  async endSessionsOf(userId: string, keepSessionId = ''): Promise<string[]> {
    return this.db
      .transaction(() => {
        const ids = this.stmt.sessionsOf.all(userId, keepSessionId).map((r) => r.id);
        for (const id of ids) this.stmt.endSession.run(id);
        return ids;
      })
      .immediate();
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    this.stmt.setPasswordHash.run(passwordHash, userId);
  }

  async secret(name: string, make: () => string): Promise<string> {
    this.stmt.insertSecret.run(name, make());
    const row = this.stmt.secret.get(name);
    if (!row) throw new Error(`secret ${name} vanished right after it was written`);
    return row.value;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
