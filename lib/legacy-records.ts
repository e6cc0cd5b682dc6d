// Composition, once per data dir: a release before the store of record kept users, sessions and the catalog in the
// read-model file (DATA_DIR/app.sqlite) and the cookie secret in DATA_DIR/session-secret. On start they are moved
// into the store of record, before the read-model migrations drop those tables. Every step is idempotent, so a
// start that fails half way simply does it again: a user keeps their username as their id (their orders name them
// so), a session keeps its id and expiry, a product is listed, or brought to its old values when it was only seeded,
// with event ids derived from its id. What cannot be moved is said in the log.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AccountStore } from './accounts/store';
import { productStream } from './catalog/events';
import { productStreamFolder } from './catalog/product';
import type { Env } from './env';
import { aggregateStream } from './eventstore/aggregate-stream';
import { EventStoreError } from './eventstore/errors';
import type { EventStore } from './eventstore/types';
import type { Logger } from './log';
import { listProductsOnce, type SeedProduct } from './write/catalog-seed';
import { nameBasedUuid } from './write/ids';
import { handleProductCommand } from './write/product-commands';

/** The name under which the store of record keeps the session-signing secret. */
export const SESSION_SECRET_NAME = 'session-signing';

export interface MovedRecords {
  users: number;
  sessions: number;
  /** Products listed now, or brought to the values they had in the data dir. */
  products: number;
  secret: boolean;
}

const MIGRATION = { id: 'migration', name: 'migration', staff: true };

/**
 * Moves the records an older release left in `env.DATA_DIR` into the store of record, logging what it did and what
 * it could not do; returns what it moved (null when there was nothing). Throws EventStoreError, moving nothing, when
 * the data dir's orders are in an embedded store but this node uses Redis (their accounts must stay with them).
 * Throws the store's errors (the next start tries again).
 */
export async function moveLegacyRecords(
  env: Pick<Env, 'appDbPath' | 'DATA_DIR' | 'eventStorePath'>,
  target: { store: EventStore; accounts: AccountStore },
  log: Logger,
): Promise<MovedRecords | null> {
  if (!existsSync(env.appDbPath)) return null;
  const db = new Database(env.appDbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const has = (table: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
    if (!has('users') && !has('products')) return null;
    if (target.store.kind === 'redis' && embeddedEvents(env.eventStorePath) > 0) {
      throw new EventStoreError(
        `${env.DATA_DIR} was used by an older release with the embedded event store (${env.eventStorePath} holds ` +
          `${embeddedEvents(env.eventStorePath)} events), but this start uses Redis: its users would be moved away from ` +
          'their orders. Start with EVENT_STORE=sqlite to keep using it (moving an embedded store into Redis is not supported).',
      );
    }
    const moved: MovedRecords = { users: 0, sessions: 0, products: 0, secret: false };
    const movedUsers = new Set<string>();
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
        movedUsers.add(u.username);
        moved.users++;
      }
    }
    // Old cookies are signed with the file's secret: their sessions are worth moving only with it.
    const secretFile = join(env.DATA_DIR, 'session-secret');
    const fileSecret = existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : null;
    if (fileSecret) {
      moved.secret = (await target.accounts.secret(SESSION_SECRET_NAME, () => fileSecret)) === fileSecret;
      if (!moved.secret) {
        log.warn(
          'the store of record already has a session secret of its own: sessions opened by the older release on ' +
            `${env.DATA_DIR} end, and their users sign in again`,
        );
      }
    }
    if (has('sessions') && (moved.secret || !fileSecret)) {
      const sessions = db
        .prepare<[string], { id: string; username: string; expires_at: string }>(
          'SELECT id, username, expires_at FROM sessions WHERE expires_at > ?',
        )
        .all(new Date().toISOString());
      for (const s of sessions.filter((x) => movedUsers.has(x.username))) {
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
      const products: SeedProduct[] = db
        .prepare<[], { id: string; name: string; price_cents: number; active: number }>(
          'SELECT id, name, price_cents, active FROM products ORDER BY id',
        )
        .all()
        .map((p) => ({ id: p.id, name: p.name, priceCents: p.price_cents, active: p.active === 1 }));
      moved.products = await listProductsOnce(target.store, products, 'orderly-legacy-product', MIGRATION.id);
      moved.products += await reconcileSeeded(target.store, products, log);
    }
    log.info(
      `moved into the store of record from ${env.DATA_DIR}: ${moved.users} users, ${moved.sessions} open sessions, ` +
        `${moved.products} products listed or brought to their old values${moved.secret ? ', the session secret' : ''}`,
    );
    return moved;
  } finally {
    db.close();
  }
}

/**
 * A product the store lists already (another node of this release seeded it first) is brought to the data dir's
 * values when nobody has changed it since its seeding; one changed since keeps what the store has, and is named.
 * Returns how many were brought over.
 */
async function reconcileSeeded(store: EventStore, products: SeedProduct[], log: Logger): Promise<number> {
  let changed = 0;
  const kept: string[] = [];
  for (const p of products) {
    const events = await store.readStream(productStream(p.id), { limit: 3 });
    const seededOnly = events.length > 0 && events.every((e) => e.metadata.actor === 'seed');
    if (!seededOnly) {
      if (events.length > 0 && events[0]!.metadata.actor !== MIGRATION.id) kept.push(p.id);
      continue;
    }
    const { state } = await aggregateStream(store, productStream(p.id), productStreamFolder);
    if (state.status === 'none') continue;
    const active = p.active !== false;
    const r = await handleProductCommand(
      { store },
      {
        type: 'UpdateProduct',
        data: {
          productId: p.id,
          name: p.name,
          priceCents: p.priceCents,
          ...((state.status === 'on_sale') !== active ? { active } : {}),
        },
      },
      { commandId: nameBasedUuid('orderly-legacy-reconcile', p.id), actor: MIGRATION },
    );
    if (r.ok && r.position !== null) changed++;
    if (!r.ok) kept.push(`${p.id} (${r.message})`);
  }
  if (kept.length > 0) {
    log.warn(`legacy products kept as the store of record has them (changed there already): ${kept.join(', ')}`);
  }
  return changed;
}

/** How many events an embedded store's file holds (0 when there is none). */
function embeddedEvents(path: string): number {
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    return t ? (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}
