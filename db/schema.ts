// The application database (SQLite via Drizzle): plain CRUD tables. Migrations are generated from this file
// (`npm run db:generate`) into db/migrations and applied at start.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
// Times come from the events' recordedAt, never from the projector's clock.

export const orderSummaries = sqliteTable(
  'order_summaries',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    status: text('status', { enum: ['draft', 'submitted', 'cancelled'] }).notNull(),
    totalCents: integer('total_cents').notNull(),
    /** Distinct lines. */
    itemCount: integer('item_count').notNull(),
    /** The stream version this row reflects, so readers can tell whether a write is visible yet. */
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    submittedAt: text('submitted_at'),
    cancelledAt: text('cancelled_at'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    index('order_summaries_customer_created').on(t.customerId, t.createdAt, t.id),
    index('order_summaries_customer_status_created').on(t.customerId, t.status, t.createdAt, t.id),
    index('order_summaries_status_created').on(t.status, t.createdAt, t.id),
    index('order_summaries_created').on(t.createdAt, t.id),
  ],
);

export const orderItems = sqliteTable(
  'order_items',
  {
    orderId: text('order_id').notNull(),
    productId: text('product_id').notNull(),
    /** Position of the line on the order (0-based, in the order lines were added). */
    lineNo: integer('line_no').notNull(),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(),
    unitPriceCents: integer('unit_price_cents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.productId] })],
);

export const customerStats = sqliteTable('customer_stats', {
  customerId: text('customer_id').primaryKey(),
  ordersCount: integer('orders_count').notNull(),
  /** Orders now submitted (a submitted order later cancelled counts as cancelled). */
  submittedCount: integer('submitted_count').notNull(),
  cancelledCount: integer('cancelled_count').notNull(),
  /** Sum of the totals of the orders now submitted. */
  lifetimeValueCents: integer('lifetime_value_cents').notNull(),
  lastOrderAt: text('last_order_at'),
});

export const orderActivity = sqliteTable(
  'order_activity',
  {
    /** The event's global position: rows are appended in log order. */
    position: integer('position').primaryKey(),
    eventId: text('event_id').notNull(),
    orderId: text('order_id').notNull(),
    type: text('type').notNull(),
    version: integer('version').notNull(),
    actor: text('actor'),
    recordedAt: text('recorded_at').notNull(),
    summary: text('summary').notNull(),
    correlationId: text('correlation_id'),
    causationId: text('causation_id'),
  },
  (t) => [
    // One row per (order, version): applying an event twice would fail here, loudly.
    uniqueIndex('order_activity_order_version').on(t.orderId, t.version),
    index('order_activity_type_position').on(t.type, t.position),
    index('order_activity_correlation').on(t.correlationId, t.position),
    index('order_activity_causation').on(t.causationId),
    index('order_activity_event').on(t.eventId),
  ],
);

/** The folded order state each projection keeps for itself (JSON), to compute rows from before/after states. */
export const ordersProjectionState = sqliteTable('orders_projection_state', {
  orderId: text('order_id').primaryKey(),
  state: text('state').notNull(),
});
export const activityProjectionState = sqliteTable('activity_projection_state', {
  orderId: text('order_id').primaryKey(),
  state: text('state').notNull(),
});

export const projectionCheckpoints = sqliteTable('projection_checkpoints', {
  name: text('name').primaryKey(),
  /** The last global position applied. */
  position: integer('position').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Only the holder of the lease may run projections against this database. */
export const projectorLeases = sqliteTable('projector_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  /** Epoch ms. */
  expiresAt: integer('expires_at').notNull(),
});

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
