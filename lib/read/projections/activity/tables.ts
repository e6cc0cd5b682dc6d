// The activity read model's table (Drizzle): one row per event with a line for people, in log order. Written only
// by the activity projection; rebuilt from the log at will.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The table under a name ending in `suffix` ('' for the live table, a rebuild's shadow suffix otherwise). */
export function activityTables(suffix = '') {
  const activity = sqliteTable(
    `order_activity${suffix}`,
    {
      /** The event's global position: rows are appended in log order. */
      position: integer('position').primaryKey(),
      eventId: text('event_id').notNull(),
      orderId: text('order_id').notNull(),
      type: text('type').notNull(),
      version: integer('version').notNull(),
      /** Who did it, by name (the username at the time; the id for events written before names were recorded). */
      actor: text('actor'),
      recordedAt: text('recorded_at').notNull(),
      summary: text('summary').notNull(),
      correlationId: text('correlation_id'),
      causationId: text('causation_id'),
      /**
       * Every HISTORY_SNAPSHOT_EVERY versions: the order as it was after this event, as JSON
       * `{ schemaVersion, state }`, so time travel into a long history folds at most that many events.
       */
      snapshot: text('snapshot'),
    },
    (t) => [
      // One row per (order, version): applying an event twice would fail here, loudly.
      uniqueIndex(`order_activity_order_version${suffix}`).on(t.orderId, t.version),
      index(`order_activity_type_position${suffix}`).on(t.type, t.position),
      index(`order_activity_correlation${suffix}`).on(t.correlationId, t.position),
      index(`order_activity_causation${suffix}`).on(t.causationId),
      index(`order_activity_event${suffix}`).on(t.eventId),
    ],
  );
  return { activity };
}

export type ActivityTables = ReturnType<typeof activityTables>;

export const orderActivity = activityTables().activity;
