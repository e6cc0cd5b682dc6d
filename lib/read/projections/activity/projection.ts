// The activity projection: one row per order event, with a line for people computed from the event and the order's
// state just before and after it.
import { orderIdOfStream } from '../../../orders/events';
import type { Projection } from '../projection';
import { placeholders } from '../sql';
import { describeEvent } from './describe';
import { activityTables } from './tables';

const text = (v: unknown) => (typeof v === 'string' ? v : null);

export const activityProjection: Projection = {
  name: 'activity',
  version: 1,
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
        });
      },
    };
  },
};
