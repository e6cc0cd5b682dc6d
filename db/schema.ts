// The application database (SQLite via Drizzle): the read models, and (until they move to the store of record) the
// catalog and accounts. Migrations are generated from this file (`npm run db:generate`) into db/migrations and
// applied at start.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** The catalog. Not event-sourced: plain CRUD is right for reference data; orders copy name and price. */
export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    priceCents: integer('price_cents').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index('products_active_name').on(t.active, t.name)],
);

// ---- Read model (written only by the projector; rebuilt from the event log at will) ---------------------------
// Each read model defines its tables next to its projection and queries; they are gathered here for Drizzle's
// migrations.
export { orderActivity } from '../lib/read/projections/activity/tables';
export { orderState } from '../lib/read/projections/order-state/tables';
export { customerStats, orderItems, orderSummaries } from '../lib/read/projections/orders/tables';
export { projectionCheckpoints, projectorLeases } from '../lib/read/tables';

// ---- Accounts (plain CRUD) ---------------------------------------------------------------------------------------

export const users = sqliteTable('users', {
  username: text('username').primaryKey(),
  /** scrypt$N$r$p$salt$hash (base64url). */
  passwordHash: text('password_hash').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Server-side sessions: the cookie carries only a signed id, so deleting the row ends every copy of it. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    username: text('username')
      .notNull()
      .references(() => users.username, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sessions_username').on(t.username), index('sessions_expires').on(t.expiresAt)],
);

/** Recent failed sign-ins per username, to slow down guessing. */
export const loginFailures = sqliteTable('login_failures', {
  username: text('username').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: text('last_failure_at').notNull(),
  lockedUntil: text('locked_until'),
});
