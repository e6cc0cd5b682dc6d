// given events → then rows: helpers that apply order events straight to the projections over an in-memory read
// model, as the projector would (batches folded once, inside a transaction), without a store or a projector.
import { type AppDb, openAppDb } from '../../../db/client';
import type { RecordedEvent } from '../../eventstore/types';
import { EVENT_SCHEMA_VERSIONS, type OrderEvent, orderStream } from '../../orders/events';
import { openProjections, PROJECTIONS } from './index';

export interface Given {
  db: AppDb;
  /** The events as the projections received them. */
  recorded: RecordedEvent[];
  close(): void;
}

/**
 * Applies `history` (events of any orders, in log order; each names its order in `data.orderId`) to every
 * projection over a fresh in-memory database, `batchSize` events per transaction (default: all in one).
 */
export function givenEvents(
  history: (OrderEvent & { actor?: string; correlationId?: string })[],
  { batchSize = history.length || 1, start = Date.UTC(2026, 0, 1) } = {},
): Given {
  const db = openAppDb(':memory:');
  const versions = new Map<string, number>();
  const recorded = history.map(({ actor = 'ann', correlationId = 'corr-1', ...e }, i): RecordedEvent => {
    const streamId = orderStream(e.data.orderId);
    const version = (versions.get(streamId) ?? 0) + 1;
    versions.set(streamId, version);
    return {
      eventId: `event-${i + 1}`,
      type: e.type,
      streamId,
      version,
      position: i + 1,
      recordedAt: new Date(start + i * 60_000).toISOString(),
      data: e.data,
      metadata: { actor, correlationId, causationId: `command-${i + 1}`, schemaVersion: EVENT_SCHEMA_VERSIONS[e.type] },
    };
  });
  const projections = openProjections(db, PROJECTIONS);
  const apply = db.$client.transaction((events: RecordedEvent[]) => {
    const { failed } = projections.apply(events);
    const [first] = failed.values();
    if (first) throw first;
  });
  for (let i = 0; i < recorded.length; i += batchSize) apply.immediate(recorded.slice(i, i + batchSize));
  return { db, recorded, close: () => db.$client.close() };
}
