// The projector's own tables (Drizzle): where each projection stands in the log, and who may write.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const projectionCheckpoints = sqliteTable('projection_checkpoints', {
  name: text('name').primaryKey(),
  /** The last global position applied. */
  position: integer('position').notNull(),
  /** When the projector committed it: the one read-model time not taken from events (operational). */
  updatedAt: text('updated_at').notNull(),
  /** The version of the projection's code that wrote its rows: another one means the rows need a rebuild. */
  version: integer('version').notNull().default(0),
});

/** Only the holder of the lease may run projections against this database. */
export const projectorLeases = sqliteTable('projector_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  /** Epoch ms. */
  expiresAt: integer('expires_at').notNull(),
});

/** Facts about the read model itself: which store of record it was built from. */
export const readModelMeta = sqliteTable('read_model_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
