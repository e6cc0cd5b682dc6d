// Composition, once per data dir: a release before the store of record kept users, sessions and the catalog in the
// read-model file (DATA_DIR/app.sqlite) and the cookie secret in DATA_DIR/session-secret. On start they are moved
// into the store of record, before the read-model migrations drop those tables. Every step is idempotent, so a
// start that fails half way simply does it again: a user keeps their username as their id (their orders name them
// so), a session keeps its id and expiry, a product is listed with event ids derived from its id.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AccountStore } from './accounts/store';
import type { EventStore } from './eventstore/types';
import type { Logger } from './log';
import { listProductsOnce } from './write/catalog-seed';

/** The name under which the store of record keeps the session-signing secret. */
export const SESSION_SECRET_NAME = 'session-signing';

export interface MovedRecords {
  users: number;
  sessions: number;
  products: number;
  secret: boolean;
}

/**
 * Moves the records an older release left in `dataDir` into the store of record; returns what it found (null when
 * there was nothing to move). Throws when the store of record fails (the next start tries again).
 */
export async function moveLegacyRecords(
  appDbPath: string,
  dataDir: string,
  target: { store: EventStore; accounts: AccountStore },
  log: Logger,
): Promise<MovedRecords | null> {
  const moved: MovedRecords = { users: 0, sessions: 0, products: 0, secret: false };
  const secretFile = join(dataDir, 'session-secret');
  if (existsSync(secretFile)) {
    const secret = readFileSync(secretFile, 'utf8').trim();
    moved.secret = (await target.accounts.secret(SESSION_SECRET_NAME, () => secret)) === secret;
  }
  if (!existsSync(appDbPath)) return moved.secret ? moved : null;
  const db = new Database(appDbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const has = (table: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (has('users')) {
      const users = db
        .prepare<[], { username: string; password_hash: string; created_at: string }>(
          'SELECT username, password_hash, created_at FROM users ORDER BY username',
        )
        .all();
      for (const u of users) {
        const r = await target.accounts.createUser({
          id: u.username,
          username: u.username,
          passwordHash: u.password_hash,
          createdAt: u.created_at,
        });
        const now = r === 'created' ? null : await target.accounts.userByName(u.username);
        if (now && now.id !== u.username) {
          log.warn(`legacy user "${u.username}" was not moved: that username already belongs to another user`);
          continue;
        }
        moved.users++;
      }
    }
    if (has('sessions')) {
      const sessions = db
        .prepare<[string], { id: string; username: string; expires_at: string }>(
          'SELECT id, username, expires_at FROM sessions WHERE expires_at > ?',
        )
        .all(new Date().toISOString());
      for (const s of sessions) {
        await target.accounts.openSession({
          id: s.id,
          userId: s.username,
          username: s.username,
          expiresAt: new Date(s.expires_at),
        });
        moved.sessions++;
      }
    }
    if (has('products')) {
      const products = db
        .prepare<[], { id: string; name: string; price_cents: number; active: number }>(
          'SELECT id, name, price_cents, active FROM products ORDER BY id',
        )
        .all()
        .map((p) => ({ id: p.id, name: p.name, priceCents: p.price_cents, active: p.active === 1 }));
      await listProductsOnce(target.store, products, 'orderly-legacy-product', 'migration');
      moved.products = products.length;
    }
  } finally {
    db.close();
  }
  return moved.users + moved.sessions + moved.products > 0 || moved.secret ? moved : null;
}
