// The activity projection: one row per order event, with a line for people computed from the event and the order's
// state just before and after it, and every HISTORY_SNAPSHOT_EVERY versions the order's state after it (history
// snapshots: time travel starts from the nearest one instead of the first event).
import { orderIdOfStream } from '../../../orders/events';
import { ORDER_STATE_SCHEMA_VERSION } from '../../../orders/order';
import type { Projection } from '../projection';
import { placeholders } from '../sql';
import { describeEvent } from './describe';
import { activityTables } from './tables';

/** How many versions apart history snapshots are kept. */
export const HISTORY_SNAPSHOT_EVERY = 100;

const text = (v: unknown) => (typeof v === 'string' ? v : null);

export const activityProjection: Projection = {
  name: 'activity',
  version: 2, // 2: history snapshots
  tables: ['order_activity'],
  announces: false,
  open(db, suffix) {
    const { activity } = activityTables(suffix);
    const insert = db
      .insert(activity)
      .values(
        placeholders(
          'position',
          'eventId',
          'orderId',
          'type',
          'version',
          'actor',
          'recordedAt',
          'summary',
          'correlationId',
          'causationId',
          'snapshot',
        ),
      )
      .prepare();
    return {
      onEvent({ raw, event, before, after }) {
        insert.run({
          position: raw.position,
          eventId: raw.eventId,
          orderId: orderIdOfStream(raw.streamId),
          type: event.type,
          version: raw.version,
          actor: text(raw.metadata.actorName) ?? text(raw.metadata.actor),
          recordedAt: raw.recordedAt,
          summary: describeEvent(event, before, after),
          correlationId: text(raw.metadata.correlationId),
          causationId: text(raw.metadata.causationId),
          snapshot:
            raw.version % HISTORY_SNAPSHOT_EVERY === 0
              ? JSON.stringify({ schemaVersion: ORDER_STATE_SCHEMA_VERSION, state: after })
              : null,
        });
      },
    };
  },
};
